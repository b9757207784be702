#!/usr/bin/env bash
# Summary: bring up the dev cluster, build the bot, and play the scripted Korean conversation through the console.
# Usage: scripts/demo.sh        (what `make demo` runs; needs root on Debian/Ubuntu for the dev cluster)
# Exits 1 unless the conversation ends with results collected by this run (checked on the files).
# The conversation: backtest_v5 실행해줘 → 예 → 상태 확인 → backtest_v5 대기해줘 → backtest_v5 로그 → 결과 가져와.
# Every input line is echoed with "> " by the console, followed by the bot's Korean replies.
set -o errexit -o nounset -o pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
export LANG=C.UTF-8 LC_ALL=C.UTF-8

# what this machine needs (apt packages as root on Debian/Ubuntu; elsewhere: says what is missing)
"$ROOT/scripts/setup.sh"

echo "== 1/3 dev cluster (scripts/dev-cluster.sh up)"
"$ROOT/scripts/dev-cluster.sh" up
# which cluster the conversation talks to: chosen now, after dev-up wrote its file (CLUSTER_CONF=path overrides)
conf=${CLUSTER_CONF:-}
if [ -z "$conf" ]; then
  if [ -f "$ROOT/config/cluster.dev.conf" ]; then conf=$ROOT/config/cluster.dev.conf; else conf=$ROOT/config/cluster.conf; fi
fi
echo "   cluster: ${conf#"$ROOT"/} ($(sed -n 's/^SLURM_HOST=//p' "$conf" 2>/dev/null | tail -n 1))"

echo "== 2/3 build"
"$ROOT/scripts/build.sh"

echo "== 3/3 대화 (bin/slurm-runner console)"
conversation='backtest_v5 실행해줘
예
상태 확인
backtest_v5 대기해줘
backtest_v5 로그
결과 가져와'
# files collected by THIS run are newer than the marker (rsync keeps the job's mtimes, which come after it)
work=$(mktemp -d "${TMPDIR:-/tmp}/slurm-runner-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT
: >"$work/marker"
sleep 1
rc=0
printf '%s\n' "$conversation" | (cd "$ROOT" && PROJECT_DIR="$ROOT" "$ROOT/bin/slurm-runner" console) | tee "$work/console.log" || rc=$?

echo "== 수집된 결과 (data/results/, 이번 실행)"
new=""
[ -d "$ROOT/data/results" ] && new=$(find "$ROOT/data/results" -type f -newer "$work/marker" | sed "s|^$ROOT/||" | sort)
if [ -n "$new" ]; then printf '%s\n' "$new"; else echo "(이번 실행에서 수집된 결과 없음)"; fi

# the demo passes only when the conversation really ended with this run's results collected
problems=""
[ "$rc" -eq 0 ] || problems="$problems; the console exited $rc"
grep -q '결과 수집 완료' "$work/console.log" || problems="$problems; no [결과 수집 완료] reply"
[ -n "$new" ] || problems="$problems; no file under data/results/ was collected by this run"
if [ -n "$problems" ]; then
  echo "demo: FAILED${problems}" >&2
  exit 1
fi
echo "demo: ok — $(printf '%s\n' "$new" | wc -l | tr -d ' ') result files collected from ${conf#"$ROOT"/}"
