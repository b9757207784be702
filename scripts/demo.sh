#!/usr/bin/env bash
# Summary: bring up the dev cluster, build the bot, and play the scripted Korean conversation through the console.
# Usage: scripts/demo.sh        (what `make demo` runs; needs root on Debian/Ubuntu for the dev cluster)
# The conversation: backtest_v5 실행해줘 → 예 → 상태 확인 → backtest_v5 대기해줘 → backtest_v5 로그 → 결과 가져와.
# Every input line is echoed with "> " by the console, followed by the bot's Korean replies.
set -o errexit -o nounset -o pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
export LANG=C.UTF-8 LC_ALL=C.UTF-8

echo "== 1/3 dev cluster (scripts/dev-cluster.sh up)"
"$ROOT/scripts/dev-cluster.sh" up

echo "== 2/3 build"
"$ROOT/scripts/build.sh"

echo "== 3/3 대화 (bin/slurm-runner console)"
conversation='backtest_v5 실행해줘
예
상태 확인
backtest_v5 대기해줘
backtest_v5 로그
결과 가져와'
printf '%s\n' "$conversation" | (cd "$ROOT" && PROJECT_DIR="$ROOT" "$ROOT/bin/slurm-runner" console)

echo "== 수집된 결과 (data/results/)"
if [ -d "$ROOT/data/results" ]; then
  find "$ROOT/data/results" -type f | sed "s|^$ROOT/||" | sort
else
  echo "(data/results 없음)"
fi
