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

# bash_32 -> REPLY: a bash 3.2 to check the quoting with: TEST_BASH when it is 3.2, else bash32 / /bin/bash
# (macOS) / /tmp/bash32/bin/bash when one of them is 3.2 (docs/mac.md: how to build one). Empty when none.
bash_32() {
  local b
  REPLY=""
  for b in "${TEST_BASH:-}" "$(command -v bash32 2>/dev/null)" /bin/bash /tmp/bash32/bin/bash; do
    [ -n "$b" ] && [ -x "$b" ] || continue
    case $("$b" -c 'echo "${BASH_VERSINFO[0]}.${BASH_VERSINFO[1]}"' 2>/dev/null) in
      3.2) REPLY=$b; return 0 ;;
    esac
  done
}

# quote_words BASH: with that bash, shell_quote every tricky word and have dash and bash read each one back
quote_words() {
  local b=$1
  TK="$TK" "$b" -c '
    . "$TK/lib/common.sh"
    for sh in dash bash sh; do
      command -v "$sh" >/dev/null || continue
      for w in "plain" "two words" "it'"'"'s" "'"'"''"'"'" "a\"b" "\$(id)" "\`id\`" "*" "semi;colon" "new
line" "" "back\\slash" "x'"'"'\\'"'"'y" "tab	x" "한글 it'"'"'s"; do
        shell_quote "$w"
        got=$("$sh" -c "printf %s $REPLY")
        [ "$got" = "$w" ] || { printf "%s: [%s] -> %s -> [%s]\n" "$sh" "$w" "$REPLY" "$got"; exit 1; }
      done
    done
    json_str "q\" b\\ t	n
x"
    [ "$REPLY" = "\"q\\\" b\\\\ t\\tn\\nx\"" ] || { echo "json_str: $REPLY"; exit 1; }
    echo "quoting ok under $BASH_VERSION"'
}

@test "TEST_BASH reaches #!/usr/bin/env bash scripts and make recipes" {
  [ -n "${TEST_BASH:-}" ] || skip "TEST_BASH not set (the suite runs under the default bash)"
  local want
  want=$("$TEST_BASH" -c 'echo "$BASH_VERSION"')
  run env bash -c 'echo "$BASH_VERSION"'
  [ "$output" = "$want" ] || { echo "env bash: $output, want $want"; return 1; }
  run make -s --no-print-directory -f "$REPO/Makefile" --eval 'print-bash: ; @echo "$$BASH_VERSION"' print-bash
  [ "$output" = "$want" ] || { echo "make recipe: $output, want $want"; return 1; }
}

@test "remote arguments are quoted for any login shell (dash, bash) and survive intact (this bash)" {
  run quote_words bash
  [ "$status" -eq 0 ] || { echo "$output"; return 1; }
}

@test "the same quoting under a real bash 3.2 (TEST_BASH or one found; macOS /bin/bash)" {
  bash_32
  [ -n "$REPLY" ] || skip "skipped: no bash 3.2 (set TEST_BASH=/path/to/bash-3.2; docs/mac.md)"
  run quote_words "$REPLY"
  [ "$status" -eq 0 ] || { echo "$output"; return 1; }
  [[ $output == *"quoting ok under 3.2"* ]]
}

@test "no bash-version-dependent constructs in the local scripts: \${x//pat/rep} with quotes or backslashes in rep, \\| in basic regexes" {
  local files
  files=$(find "$REPO/scripts" "$REPO/bin" "$REPO/.ci" -type f ! -path '*/slurm/remote/*' | sort)
  # a pattern substitution whose replacement holds a quote or a backslash
  run grep -nE '\$\{[A-Za-z_0-9]+//?[^}/]*/[^}]*['"'"'"\\]' $files
  [ "$status" -eq 1 ] || { echo "$output"; return 1; }
  # grep/sed basic regexes with \| (GNU only; BSD grep may not have it): use grep -E
  run grep -nE '(grep|sed)( -[a-zA-Z]+)* +'"'"'[^'"'"']*\\\|' $files
  [ "$status" -eq 1 ] || { echo "$output"; return 1; }
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

@test "make help lists every target of the Makefile" {
  local t missing=""
  run make -s --no-print-directory -f "$REPO/Makefile" help
  [ "$status" -eq 0 ]
  for t in $(grep -Eo '^[a-zA-Z0-9_-]+:' "$REPO/Makefile" | tr -d ':' | sort -u); do
    [[ $output == *"  $t "* ]] || missing="$missing $t"
  done
  [ -z "$missing" ] || { echo "targets without a ## help line:$missing"; return 1; }
}

@test "setup.sh: silent (installs nothing) when everything is there; elsewhere it names what is missing, how to get it, and fails" {
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    run "$REPO/scripts/setup.sh"
    [ "$status" -eq 0 ] || { echo "$output"; return 1; }
    [ -z "$output" ] || { echo "not silent: $output"; return 1; }
  fi
  # a Mac without bats, shellcheck, Maven and Java: nothing installed, each named with its brew command
  local bin="$BATS_TEST_TMPDIR/bin" c
  mkdir -p "$bin"
  for c in bash env id awk grep sed make git python3 rsync ssh head tail cat tr; do
    command -v "$c" >/dev/null && ln -sf "$(command -v "$c")" "$bin/$c"
  done
  printf '#!/bin/sh\necho Darwin\n' >"$bin/uname"
  chmod +x "$bin/uname"
  run env -i PATH="$bin" HOME="$HOME" bash "$REPO/scripts/setup.sh"
  [ "$status" -eq 1 ] || { echo "$output"; return 1; }
  [[ $output == *"bats"*"brew install bats-core"* ]]
  [[ $output == *"brew install shellcheck"* ]]
  [[ $output == *"brew install maven"* ]]
  [[ $output == *"brew install openjdk@17"* ]]
  [[ $output != *"brew install rsync"* ]]
  # the same on Linux without apt-get: the apt package names
  rm "$bin/uname"
  printf '#!/bin/sh\necho Linux\n' >"$bin/uname"
  chmod +x "$bin/uname"
  run env -i PATH="$bin" HOME="$HOME" bash "$REPO/scripts/setup.sh"
  [ "$status" -eq 1 ]
  [[ $output == *"sudo apt-get install bats"* ]]
}
