# shellcheck shell=bash
# Shared setup for the toolkit's bats tests (run against the real dev cluster: scripts/dev-cluster.sh up).
# Each test gets its own temp PROJECT_DIR (copy of the profiles, templates and research code) and its own
# REMOTE_DIR under the dev root; teardown cancels only the jobs this test submitted and removes only those dirs.

bats_require_minimum_version 1.5.0

REPO="$(cd "$BATS_TEST_DIRNAME/../.." && pwd -P)"
export LANG=C.UTF-8 LC_ALL=C.UTF-8

# TEST_BASH=/path/to/bash (e.g. a bash 3.2.57, docs/mac.md): every `#!/usr/bin/env bash` script and every plain
# `bash` the tests start get that bash (a `bash` link first on PATH); make recipes get it as SHELL (Makefile).
if [ -n "${TEST_BASH:-}" ]; then
  [ -x "$TEST_BASH" ] || { echo "TEST_BASH=$TEST_BASH is not an executable bash" >&2; exit 1; }
  TEST_BASH_DIR="${BATS_RUN_TMPDIR:-${TMPDIR:-/tmp}}/test-bash"
  mkdir -p "$TEST_BASH_DIR" && ln -sf "$TEST_BASH" "$TEST_BASH_DIR/bash"
  case ":$PATH:" in *":$TEST_BASH_DIR:"*) ;; *) export PATH="$TEST_BASH_DIR:$PATH" ;; esac
  export SHELL="$TEST_BASH" TEST_BASH
fi

dev_conf() {
  if [ -n "${TOOLKIT_TEST_CLUSTER_CONF:-}" ]; then printf '%s' "$TOOLKIT_TEST_CLUSTER_CONF"; return; fi
  printf '%s' "$REPO/config/cluster.dev.conf"
}

conf_value() { sed -n "s/^$2=//p" "$1" | tail -n 1; }

need_cluster() {
  local conf
  conf=$(dev_conf)
  [ -f "$conf" ] || skip "no dev cluster config ($conf): run scripts/dev-cluster.sh up"
}

setup_project() {
  need_cluster
  local conf dev_remote
  conf=$(dev_conf)
  dev_remote=$(conf_value "$conf" REMOTE_DIR)
  export CLUSTER_CONF=$conf
  export SSH_CONFIG_DEV
  SSH_CONFIG_DEV=$(conf_value "$conf" SSH_CONFIG)
  PROJ=$(mktemp -d "${BATS_TMPDIR:-/tmp}/tk-proj.XXXXXX")
  export PROJECT_DIR=$PROJ
  mkdir -p "$PROJ/slurm/jobs" "$PROJ/slurm/logs" "$PROJ/config"
  cp -R "$REPO/slurm/profiles" "$REPO/slurm/templates" "$PROJ/slurm/"
  cp -R "$REPO/ptj_lab" "$REPO/simulation" "$REPO/experiments" "$PROJ/"
  TEST_REMOTE="$(dirname "$dev_remote")/toolkit-tests/t$$-${BATS_TEST_NUMBER:-0}-$RANDOM"
  export REMOTE_DIR=$TEST_REMOTE
  export SLURM_TOOLKIT_TRACE="$PROJ/trace.log"
  export WATCH_INTERVAL=1
  export WATCH_TIMEOUT=180
  unset OUTPUT PROFILE JOBID FORCE CONFIRM DRY_RUN SCRIPT_ARGS PARTITION ACCOUNT CPUS MEM TIME LINES STREAM
  : >"$PROJ/submitted.ids"
}

teardown_project() {
  [ -n "${PROJ:-}" ] || return 0
  local id f
  # cancel only what this test submitted (never anything else on the shared cluster)
  for f in "$PROJ"/slurm/jobs/*.jobid "$PROJ/submitted.ids"; do
    [ -f "$f" ] || continue
    while read -r id; do
      case $id in ''|*[!0-9]*) continue ;; esac
      scancel "$id" >/dev/null 2>&1 || true
    done <"$f"
  done
  case $TEST_REMOTE in */toolkit-tests/t*) rm -rf -- "$TEST_REMOTE" ;; esac
  rm -rf -- "$PROJ"
}

# tk TARGET VAR=value ...: run make slurm-TARGET in the temp project (argv only, like the bot does)
tk() {
  local target=$1
  shift
  run --separate-stderr make -s --no-print-directory -f "$REPO/Makefile" -C "$PROJ" "slurm-$target" "$@"
  last_json=""
  if [ -n "$output" ]; then last_json=$(printf '%s\n' "$output" | tail -n 1); fi
  remember_ids
}

# tkj TARGET VAR=value ...: same with OUTPUT=json
tkj() { tk "$@" OUTPUT=json; }

remember_ids() {
  local f
  for f in "$PROJ"/slurm/jobs/*.jobid; do
    [ -f "$f" ] && cat "$f" >>"$PROJ/submitted.ids"
  done
  return 0
}

# j EXPR: evaluate a Python expression on the last JSON line (d = the object); prints the value
j() {
  printf '%s' "$last_json" | python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
v = eval(sys.argv[1])
print(json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) or v is None or isinstance(v, bool) else v)
' "$1"
}

assert_json() {
  printf '%s' "$last_json" | python3 -c 'import json,sys; json.loads(sys.stdin.read())' || {
    echo "last line is not JSON: $last_json"; echo "output: $output"; return 1; }
}

assert_ok() {
  assert_json
  if [ "$status" -ne 0 ] || [ "$(j 'd["ok"]')" != true ]; then
    echo "expected ok, status=$status"; echo "$output"; return 1
  fi
}

assert_error() {
  assert_json
  local got
  got=$(j 'd.get("error")')
  if [ "$got" != "$1" ] || [ "$status" -eq 0 ]; then
    echo "expected error $1, got $got (status $status)"; echo "$output"; return 1
  fi
}

# contains TEXT: output contains TEXT (literal)
contains() {
  case $output in *"$1"*) return 0 ;; esac
  echo "output does not contain: $1"; echo "---"; echo "$output"; return 1
}

trace_reset() { : >"$SLURM_TOOLKIT_TRACE"; }
trace_count() { grep -c "^$1 " "$SLURM_TOOLKIT_TRACE" 2>/dev/null || true; }

# assert_trace SSH RSYNC: invocation counts since trace_reset
assert_trace() {
  local s r
  s=$(trace_count ssh); r=$(trace_count rsync)
  if [ "$s" != "$1" ] || [ "$r" != "$2" ]; then
    echo "expected $1 ssh + $2 rsync, got $s ssh + $r rsync:"; cat "$SLURM_TOOLKIT_TRACE"; return 1
  fi
}

# wait_state PROFILE STATE...: poll status until the tracked job is in one of the states (max 60 s)
wait_state() {
  local p=$1 i st
  shift
  for i in $(seq 1 60); do
    tkj status
    st=$(j "[t['state'] for t in d['tracked'] if t['profile']=='$p'][0]")
    for s in "$@"; do [ "$st" = "$s" ] && return 0; done
    sleep 1
  done
  echo "job of $p never reached $*: last $st"; return 1
}

jobid_of() { cat "$PROJ/slurm/jobs/$1.jobid"; }
rundir_of() { cat "$PROJ/slurm/jobs/$1.rundir"; }
