#!/usr/bin/env bats
# The local side must run on macOS (bash 3.2, BSD userland): syntax, shellcheck, busybox applets instead of
# GNU coreutils/sed/awk/grep, quoting that survives any remote login shell, JSON escaping.

load helpers

TK="$REPO/scripts/slurm"

all_scripts() {
  find "$TK" -name '*.sh' -type f | sort
}

@test "bash -n on every toolkit script" {
  local f
  for f in $(all_scripts); do bash -n "$f"; done
}

@test "shellcheck is clean" {
  command -v shellcheck >/dev/null || skip "no shellcheck"
  cd "$TK"
  run shellcheck -x $(all_scripts)
  [ "$status" -eq 0 ] || { echo "$output"; return 1; }
}

@test "no GNU-only flags in the local scripts (readlink -f, sed -i, date -d, stat -c, mapfile, \${x,,})" {
  run grep -nE '^[^#]*(readlink -f|sed -i|date -d|stat -c|mapfile|readarray|\$\{[a-zA-Z_]+,,\}|declare -A|&>>|grep -P)' \
    "$TK/toolkit.sh" "$TK"/lib/*.sh "$TK"/actions/*.sh
  [ "$status" -eq 1 ] || { echo "$output"; return 1; }
}

# busybox_path: a PATH of busybox applets for every text/file tool, plus bash, make, ssh, rsync, git, python3
busybox_path() {
  local bin="$PROJ/bbin" a
  mkdir -p "$bin"
  for a in sed date stat mktemp readlink grep awk head tail sort tr wc find cut cat mv rm mkdir ln id hostname \
           basename dirname sleep env ls cp chmod uniq od printf seq touch xargs tee expr sha256sum; do
    ln -sf "$(command -v busybox)" "$bin/$a"
  done
  for a in bash make ssh rsync git python3 scancel; do
    command -v "$a" >/dev/null && ln -sf "$(command -v "$a")" "$bin/$a"
  done
  printf '%s' "$bin"
}

@test "local scripts work with busybox sed/date/stat/mktemp/readlink/grep/awk/... (dry runs, no cluster)" {
  command -v busybox >/dev/null || skip "no busybox"
  PROJ=$(mktemp -d)
  mkdir -p "$PROJ/slurm/jobs" "$PROJ/config"
  cp -R "$REPO/slurm/profiles" "$REPO/slurm/templates" "$PROJ/slurm/"
  cp -R "$REPO/ptj_lab" "$REPO/simulation" "$REPO/experiments" "$PROJ/"
  cp "$REPO/config/cluster.conf" "$PROJ/config/cluster.conf"
  local p
  p=$(busybox_path)
  run env -i PATH="$p" HOME="$HOME" PROJECT_DIR="$PROJ" OUTPUT=json bash "$TK/toolkit.sh" profiles
  [ "$status" -eq 0 ] || { echo "$output"; return 1; }
  run env -i PATH="$p" HOME="$HOME" PROJECT_DIR="$PROJ" OUTPUT=json PROFILE=study_exit_params bash "$TK/toolkit.sh" show
  [ "$status" -eq 0 ] || { echo "$output"; return 1; }
  [[ $output == *'"codeFileCount":10'* ]]
  run env -i PATH="$p" HOME="$HOME" PROJECT_DIR="$PROJ" OUTPUT=json PROFILE=backtest_v5 DRY_RUN=1 bash "$TK/toolkit.sh" push
  [ "$status" -eq 0 ] || { echo "$output"; return 1; }
  printf 'runs/backtest_v5-20260101-000000\n' >"$PROJ/slurm/jobs/backtest_v5.rundir"
  run env -i PATH="$p" HOME="$HOME" PROJECT_DIR="$PROJ" OUTPUT=json PROFILE=backtest_v5 DRY_RUN=1 bash "$TK/toolkit.sh" submit
  [ "$status" -eq 0 ] || { echo "$output"; return 1; }
  [[ $output == *'--container-image=/mnt/giga/project/ptj_stock_lab/slurm/images/ptj_stock_lab.sqsh'* ]]
  # a sweep's grid, task table and Pyxis rendering (array logs, "$@" from sweep/tasks.txt)
  run env -i PATH="$p" HOME="$HOME" PROJECT_DIR="$PROJ" OUTPUT=json PROFILE=backtest_v5 DRY_RUN=1 \
    SWEEP='stop-loss=0.03,0.05 take-profit=0.1,0.2' bash "$TK/toolkit.sh" sweep
  [ "$status" -eq 0 ] || { echo "$output"; return 1; }
  [[ $output == *'"taskCount":4'*'%A_%a.out'* || $output == *'%A_%a.out'*'"taskCount":4'* ]]
  [[ $output == *'"args":"--stop-loss 0.05 --take-profit 0.2"'* ]]
  [[ $output == *'python simulation/backtests/backtest_v5.py \"$@\"'* ]]
  run env -i PATH="$p" HOME="$HOME" PROJECT_DIR="$PROJ" OUTPUT=json PROFILE=backtest_v5 SWEEP='seed=1..500' bash "$TK/toolkit.sh" sweep
  [[ $output == *'"error":"too_many_tasks"'* ]]
  run env -i PATH="$p" HOME="$HOME" PROJECT_DIR="$PROJ" PROFILE=backtest_v5 MEM=40GB bash "$TK/toolkit.sh" show
  [ "$status" -eq 2 ]
  [[ $output == *"MEM=40GB"* ]]
  rm -rf "$PROJ"
}

@test "a whole lifecycle on the dev cluster with busybox tools on the local side" {
  command -v busybox >/dev/null || skip "no busybox"
  setup_project
  local p
  p=$(busybox_path)
  run env -i PATH="$p" HOME="$HOME" PROJECT_DIR="$PROJ" CLUSTER_CONF="$CLUSTER_CONF" REMOTE_DIR="$REMOTE_DIR" \
    WATCH_INTERVAL=1 WATCH_TIMEOUT=120 OUTPUT=json PROFILE=backtest_v5 bash "$TK/toolkit.sh" full
  remember_ids
  [ "$status" -eq 0 ] || { echo "$output"; teardown_project; return 1; }
  [[ $output == *'"removed":true'* ]]
  run env -i PATH="$p" HOME="$HOME" PROJECT_DIR="$PROJ" CLUSTER_CONF="$CLUSTER_CONF" REMOTE_DIR="$REMOTE_DIR" \
    bash "$TK/toolkit.sh" status
  [ "$status" -eq 0 ] || { echo "$output"; teardown_project; return 1; }
  [[ $output == *"[SLURM Status]"* ]]
  teardown_project
}

@test "remote arguments are quoted for any login shell (dash, bash) and survive intact" {
  . "$TK/lib/common.sh"
  local w q sh
  for sh in dash bash; do
    command -v "$sh" >/dev/null || continue
    for w in "plain" "two words" "it's" 'a"b' '$(id)' '`id`' '*' "semi;colon" "new
line" "" "back\\slash" "tab	x" "한글 텍스트"; do
      shell_quote "$w"; q=$REPLY
      run "$sh" -c "printf '%s' $q"
      [ "$output" = "$w" ] || { echo "$sh: [$w] → $q → [$output]"; return 1; }
    done
  done
}

@test "JSON strings are escaped (quotes, backslashes, control characters, Korean)" {
  . "$TK/lib/common.sh"
  local s='he said "hi" \ back	tab
newline 한글 '$'\001''ctl'
  json_str "$s"
  run python3 -c 'import json,sys; print(json.loads(sys.argv[1]))' "$REPLY"
  [ "$status" -eq 0 ]
  [ "$output" = "${s//$'\001'/}" ]
}
