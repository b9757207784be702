#!/usr/bin/env bats
# The seed's error table against the real dev cluster and real sbatch errors, plus bad profile values,
# template errors and a dead ssh port.

load helpers

setup() { setup_project; }
teardown() { teardown_project; }

@test "invalid partition 'shared' from the real sbatch error gives the seed's hint; no .jobid written" {
  tkj run PROFILE=backtest_v5 PARTITION=shared
  assert_error invalid_partition
  [[ "$(j 'd["hint"]')" == *"PARTITION=all 확인. shared/shared_e101 등은 이 클러스터에서 무효"* ]]
  [[ "$(j 'd["detail"]')" == *"nvalid partition"* ]]
  [ ! -e "$PROJ/slurm/jobs/backtest_v5.jobid" ]
}

@test "invalid account 'taehyun' from the real sbatch error gives the seed's hint" {
  tkj run PROFILE=backtest_v5 ACCOUNT=taehyun
  assert_error invalid_account
  [[ "$(j 'd["hint"]')" == *"ACCOUNT=default 확인. taehyun 등은 무효"* ]]
  [[ "$(j 'd["detail"]')" == *"nvalid account"* ]]
  tk run PROFILE=optimizer_v5 ACCOUNT=taehyun
  [ "$status" -ne 0 ]
  contains "ACCOUNT=default 확인. taehyun 등은 무효"
}

@test "a failing script ends FAILED with its traceback tail (watch and full)" {
  tkj full PROFILE=backtest_v5 SCRIPT_ARGS="--seed 3 --fail"
  assert_error job_failed
  [ "$(j 'd["state"]')" = FAILED ]
  [ "$(j 'd["exitCode"]')" = "1:0" ]
  [[ "$(j 'd["logTail"]')" == *"Traceback (most recent call last)"* ]]
  [[ "$(j 'd["logTail"]')" == *"RuntimeError: requested failure (--fail)"* ]]
  [[ "$(j 'd["hint"]')" == *"RuntimeError"* ]]
  # the run dir stays for inspection; the log is readable
  tkj log PROFILE=backtest_v5 STREAM=err LINES=5
  assert_ok
  [[ "$(j 'd["text"]')" == *"RuntimeError"* ]]
  [ "$(j 'd["state"]')" = FAILED ]
  tk watch PROFILE=backtest_v5
  [ "$status" -ne 0 ]
  contains "FAILED"
  contains "Traceback (most recent call last)"
  # collect still fetches the logs of a failed job
  tkj collect PROFILE=backtest_v5
  assert_ok
  [ "$(j 'd["state"]')" = FAILED ]
  grep -q RuntimeError "$PROJ/slurm/logs/$(cat "$PROJ/slurm/jobs/backtest_v5.lastjob").err"
}

@test "ssh to a dead port gives ssh_failed with the network/recover hint, for every remote target" {
  local cfg="$PROJ/ssh_config.dead"
  sed 's/^\([[:space:]]*\)Port .*/\1Port 1/' "$SSH_CONFIG_DEV" >"$cfg"
  grep -q 'Port 1$' "$cfg"
  printf '123\n' >"$PROJ/slurm/jobs/backtest_v5.jobid"
  printf 'runs/backtest_v5-20260101-000000\n' >"$PROJ/slurm/jobs/backtest_v5.rundir"
  local t
  for t in status log collect recover clean watch; do
    tkj "$t" PROFILE=backtest_v5 SSH_CONFIG="$cfg" SSH_CONNECT_TIMEOUT=3
    assert_error ssh_failed
    [[ "$(j 'd["hint"]')" == *"네트워크"* ]]
    [[ "$(j 'd["hint"]')" == *"make slurm-recover PROFILE=backtest_v5"* ]]
  done
  rm -f "$PROJ"/slurm/jobs/backtest_v5.*
  tkj push PROFILE=backtest_v5 SSH_CONFIG="$cfg"
  assert_error ssh_failed
  tkj cancel JOBID=123 SSH_CONFIG="$cfg"
  assert_error ssh_failed
  tk status SSH_CONFIG="$cfg"
  [ "$status" -ne 0 ]
  contains "SSH 연결 실패"
}

@test "submit without .rundir → no_rundir (push first); log/watch without .jobid → no_jobid (submit first)" {
  trace_reset
  tkj submit PROFILE=backtest_v5
  assert_error no_rundir
  [[ "$(j 'd["message"]')" == *"push 먼저"* ]]
  tkj log PROFILE=backtest_v5
  assert_error no_jobid
  [[ "$(j 'd["message"]')" == *"submit 먼저"* ]]
  tkj watch PROFILE=backtest_v5
  assert_error no_jobid
  assert_trace 0 0
}

@test "unknown profile lists the available ones" {
  tkj run PROFILE=backtest_v6
  assert_error profile_not_found
  [ "$(j 'd["profiles"]')" = '["backtest_v5", "optimizer_v5", "study_exit_params"]' ]
  tk show PROFILE=nope
  contains "backtest_v5 optimizer_v5 study_exit_params"
}

@test "container profile with a missing .sqsh → image_missing with the image-refresh hint, in the submit's one ssh" {
  tkj push PROFILE=backtest_v5
  assert_ok
  trace_reset
  tkj submit PROFILE=backtest_v5 CONTAINER_RUNTIME=pyxis CONTAINER_IMAGE="$TEST_REMOTE/slurm/images/ptj_stock_lab.sqsh"
  assert_error image_missing
  [[ "$(j 'd["hint"]')" == *"make slurm-image-refresh"* ]]
  assert_trace 1 0
  [ ! -e "$PROJ/slurm/jobs/backtest_v5.jobid" ]
}

@test "template with an unknown placeholder → template_error naming it, before any ssh" {
  printf '#!/bin/bash\n#SBATCH --job-name={{JOB_NAME}}\necho {{NOT_A_PLACEHOLDER}}\n' >"$PROJ/slurm/templates/broken.sbatch"
  sed 's/^TEMPLATE=.*/TEMPLATE=broken/' "$PROJ/slurm/profiles/backtest_v5.conf" >"$PROJ/slurm/profiles/broken.conf"
  trace_reset
  tkj push PROFILE=broken
  assert_error template_error
  [ "$(j 'd["placeholder"]')" = NOT_A_PLACEHOLDER ]
  printf 'runs/broken-20260101-000000\n' >"$PROJ/slurm/jobs/broken.rundir"
  tkj submit PROFILE=broken
  assert_error template_error
  tkj submit PROFILE=broken TEMPLATE=nonexistent
  assert_error template_error
  assert_trace 0 0
}

@test "bad profile values are refused naming the key and the expected form" {
  local base="$PROJ/slurm/profiles/backtest_v5.conf" case key val
  for case in "MEM|40GB|40G" "TIME|2h|HH:MM:SS" "CPUS|twenty|integer" "SCRIPT|../outside.py|without '..'" \
              "CODE_FILES|ptj_lab/ ../secrets/|without '..'" "RESULTS_PULL|data/results/../../etc/|data/results/" \
              "PARTITION|all;rm|[A-Za-z0-9_-]" "CONTAINER|maybe|yes or no" "SCRIPT_ARGS|--x \$(id)|words" \
              "RESULTS_SUMMARY|../x_{JOBID}.json|data/results/" "RESULTS_CHART|pie:data/results/a.csv:y|YCOLUMN" \
              "RESULTS_CHART|line:data/results/../../etc/a.csv:y|YCOLUMN" "RESULTS_METRIC|sharpe;id|summary key"; do
    key=${case%%|*}; val=${case#*|}; val=${val%%|*}
    grep -v "^$key=" "$base" >"$PROJ/slurm/profiles/bad.conf"
    printf '%s=%s\n' "$key" "$val" >>"$PROJ/slurm/profiles/bad.conf"
    tkj show PROFILE=bad
    assert_error invalid_profile
    [ "$(j 'd["key"]')" = "$key" ]
    [[ "$(j 'd["expected"]')" == *"${case##*|}"* ]]
    [[ "$(j 'd["message"]')" == *"$key"* ]]
  done
  printf 'MEMORY=40G\n' >>"$PROJ/slurm/profiles/bad.conf"
  tkj show PROFILE=bad
  assert_error invalid_profile
  # profile names with a space or ';'
  for val in "back test" "x;rm -rf" "../backtest_v5" ""; do
    tkj show PROFILE="$val"
    if [ -z "$val" ]; then assert_error profile_not_found; continue; fi
    assert_error invalid_profile
    [ "$(j 'd["key"]')" = PROFILE ]
  done
  # the same forms apply to one-run overrides (invalid_variable)
  tkj run PROFILE=backtest_v5 MEM=40GB
  assert_error invalid_variable
  [ "$(j 'd["key"]')" = MEM ]
  tkj run PROFILE=backtest_v5 TIME=2h
  assert_error invalid_variable
  [ "$(j 'd["key"]')" = TIME ]
  tkj log PROFILE=backtest_v5 LINES=abc
  assert_error invalid_variable
}

@test "sbatch answering 'Socket timed out' after queueing the job: submit finds it by name + run dir, no failure" {
  tkj push PROFILE=backtest_v5
  assert_ok
  local rd text real_sbatch
  rd=$(j 'd["runDir"]')
  tkj submit PROFILE=backtest_v5 DRY_RUN=1
  assert_ok
  text=$(j 'd["sbatch"]')
  real_sbatch=$(command -v sbatch)
  # the remote step script, run as the login node runs it, with an sbatch that queues the job but reports a timeout
  mkdir -p "$PROJ/fakebin"
  printf '#!/bin/bash\n%s "$@" >/dev/null 2>&1\necho "sbatch: error: Batch job submission failed: Socket timed out on send/recv operation" >&2\nexit 1\n' \
    "$real_sbatch" >"$PROJ/fakebin/sbatch"
  chmod +x "$PROJ/fakebin/sbatch"
  { cat "$REPO/scripts/slurm/remote/prelude.sh" "$REPO/scripts/slurm/remote/submit.sh"; printf '\nmain "$@"\n'; } >"$PROJ/remote-submit.sh"
  run env PATH="$PROJ/fakebin:$PATH" bash "$PROJ/remote-submit.sh" N1 "$TEST_REMOTE" "$rd" ptj-backtest_v5 "$text" 0 ""
  [ "$status" -eq 0 ]
  [[ $output == *"V recovered 1"* ]]
  local id
  id=$(printf '%s\n' "$output" | sed -n 's/^V jobid //p')
  [[ $id =~ ^[0-9]+$ ]]
  echo "$id" >>"$PROJ/submitted.ids"
  [ "$(squeue -h -t all -j "$id" -o %Z)" = "$TEST_REMOTE/$rd" ]
  # and a plain sbatch failure is still a failure
  printf '#!/bin/bash\necho "sbatch: error: Batch job submission failed: Invalid qos specification" >&2\nexit 1\n' >"$PROJ/fakebin/sbatch"
  run env PATH="$PROJ/fakebin:$PATH" bash "$PROJ/remote-submit.sh" N1 "$TEST_REMOTE" "$rd" ptj-backtest_v5 "$text" 0 ""
  [[ $output == *"V err sbatch"* ]]
  [[ $output == *"Invalid qos"* ]]
}

@test "REMOTE_DIR not created yet: status is ok and says so; ssh that worked but got no answer is never ssh_failed" {
  [ ! -e "$TEST_REMOTE" ]
  tkj status
  assert_ok
  [ "$(j 'd["remoteDirExists"]')" = false ]
  [[ "$(j 'd["note"]')" == *"원격 디렉토리 없음"* ]]
  tk status
  [ "$status" -eq 0 ]
  contains "원격 디렉토리 없음: $TEST_REMOTE (push 하면 생성됩니다)"
  # an ssh that connects but hands the remote bash an empty script (exit 0, no answer) is not a network failure
  mkdir -p "$PROJ/fakebin"
  printf '#!/bin/sh\nexec %s "$@" </dev/null\n' "$(command -v ssh)" >"$PROJ/fakebin/ssh"
  chmod +x "$PROJ/fakebin/ssh"
  PATH="$PROJ/fakebin:$PATH" tkj status
  assert_error remote_failed
  [ "$(j 'd["cause"]')" = no_answer ]
  [[ "$(j 'd["message"]')" != *"SSH 연결 실패"* ]]
  [[ "$(j 'd["hint"]')" == *"네트워크 문제는 아닙니다"* ]]
  # after a push it exists
  tkj push PROFILE=backtest_v5
  assert_ok
  tkj status
  assert_ok
  [ "$(j 'd["remoteDirExists"]')" = true ]
}

@test "sbatch refusing the job after run's push removes exactly that run dir and its .rundir, and says so; submit alone keeps its push" {
  # an earlier push (kept by plain submit's refusal) must survive, and .rundir goes back to it
  tkj push PROFILE=backtest_v5
  assert_ok
  local kept
  kept=$(j 'd["runDir"]')
  tkj submit PROFILE=backtest_v5 PARTITION=shared
  assert_error invalid_partition
  [ "$(j 'd.get("runDirRemoved")')" = null ]
  [ -d "$TEST_REMOTE/$kept" ]
  [ "$(rundir_of backtest_v5)" = "$kept" ]
  sleep 1   # a new timestamped run dir name
  tkj run PROFILE=backtest_v5 PARTITION=shared
  assert_error invalid_partition
  local dropped
  dropped=$(j 'd["runDir"]')
  [ "$dropped" != "$kept" ]
  [ "$(j 'd["runDirRemoved"]')" = true ]
  [[ "$(j 'd["message"]')" == *"방금 push 한 $dropped/ 과 slurm/jobs/backtest_v5.rundir 기록을 지웠습니다"* ]]
  [ ! -e "$TEST_REMOTE/$dropped" ]
  [ -d "$TEST_REMOTE/$kept" ]
  [ "$(rundir_of backtest_v5)" = "$kept" ]
  [ ! -e "$PROJ/slurm/jobs/backtest_v5.jobid" ]
  # with no earlier push: nothing is left at all (human output says it too)
  tk run PROFILE=optimizer_v5 ACCOUNT=taehyun
  [ "$status" -ne 0 ]
  contains "기록을 지웠습니다"
  [ ! -e "$PROJ/slurm/jobs/optimizer_v5.rundir" ]
  [ -z "$(ls "$TEST_REMOTE/runs" | grep '^optimizer_v5-' || true)" ]
}

@test "log with an unknown profile → profile_not_found with the list, before any ssh (like every per-profile target)" {
  trace_reset
  tkj log PROFILE=nonexist
  assert_error profile_not_found
  [ "$status" -eq 2 ]
  [ "$(j 'd["profiles"]')" = '["backtest_v5", "optimizer_v5", "study_exit_params"]' ]
  [[ "$(j 'd["message"]')" == *"Profile 'nonexist' 이 없습니다"* ]]
  tk log PROFILE=nonexist
  contains "사용 가능한 Profile: backtest_v5 optimizer_v5 study_exit_params"
  assert_trace 0 0
  # a known profile without a job is still no_jobid
  tkj log PROFILE=backtest_v5
  assert_error no_jobid
}

# tk_copy: a private copy of scripts/slurm whose remote scripts a test may break (the repo's stays untouched);
# tkc ACTION VAR=value ...: run that copy (OUTPUT=json) in the temp project
tk_copy() { rm -rf "$PROJ/tk"; cp -R "$REPO/scripts/slurm" "$PROJ/tk"; }
tkc() {
  local action=$1
  shift
  run --separate-stderr env OUTPUT=json "$@" bash "$PROJ/tk/toolkit.sh" "$action"
  last_json=$(printf '%s\n' "$output" | tail -n 1)
  remember_ids
}

@test "a remote script that fails is remote_failed with its stderr and a fitting hint, never ssh_failed" {
  tk_copy
  # 1. a script error: the remote bash stops at a syntax error (exit 2)
  printf 'main() { if then; }\n' >>"$PROJ/tk/remote/status.sh"
  tkc status
  assert_error remote_failed
  [ "$(j 'd["cause"]')" = script_error ]
  [ "$(j 'd["exitCode"]')" = 2 ]
  [[ "$(j 'd["detail"]')" == *"syntax error"* ]]
  [[ "$(j 'd["message"]')" == *"원격 단계(status)가 실패했습니다 (exit 2)"*"syntax error"* ]]
  [[ "$(j 'd["hint"]')" == *"네트워크 문제는 아닙니다"* ]]
  [[ "$(j 'd["hint"]')" != *"VPN"* ]]
  run --separate-stderr env PROJECT_DIR="$PROJ" bash "$PROJ/tk/toolkit.sh" status
  [ "$status" -eq 1 ]
  contains "서버에 접속했지만"
  contains "(error: remote_failed)"
  [[ $output != *"SSH 연결 실패"* ]]
  # 2. a full disk: the kernel's ENOSPC (writing to /dev/full) on the server
  tk_copy
  printf 'main() { echo state >/dev/full || exit 1; }\n' >>"$PROJ/tk/remote/status.sh"
  tkc status
  assert_error remote_failed
  [ "$(j 'd["cause"]')" = disk_full ]
  [[ "$(j 'd["detail"]')" == *"No space left on device"* ]]
  [[ "$(j 'd["hint"]')" == *"디스크 공간"* ]]
  # 3. sbatch missing on the login node: a PATH with every /usr/bin tool but sbatch
  tk_copy
  mkdir -p "$PROJ/nosbatch"
  local t
  for t in /usr/bin/*; do [ "${t##*/}" = sbatch ] || ln -s "$t" "$PROJ/nosbatch/${t##*/}"; done
  { printf 'PATH=%s\n' "$PROJ/nosbatch"; cat "$PROJ/tk/remote/submit.sh"; } >"$PROJ/tk/remote/submit.sh.new"
  mv "$PROJ/tk/remote/submit.sh.new" "$PROJ/tk/remote/submit.sh"
  tkc push PROFILE=backtest_v5
  assert_ok
  tkc submit PROFILE=backtest_v5
  assert_error remote_failed
  [ "$(j 'd["cause"]')" = command_missing ]
  [ "$(j 'd["command"]')" = sbatch ]
  [[ "$(j 'd["hint"]')" == *"sbatch 명령이 없습니다"* ]]
  [ ! -e "$PROJ/slurm/jobs/backtest_v5.jobid" ]
}

@test "ssh's own failures (exit 255) stay ssh_failed with the network hint: unknown host, host key mismatch" {
  tkj status SLURM_HOST=no-such-host.invalid SSH_CONNECT_TIMEOUT=3
  assert_error ssh_failed
  [[ "$(j 'd["hint"]')" == *"네트워크"* ]]
  [[ "$(j 'd["detail"]')" == *"no-such-host.invalid"* ]]
  # a login node whose host key is not the known one (StrictHostKeyChecking yes, empty known_hosts)
  sed 's|^\([[:space:]]*\)UserKnownHostsFile .*|\1UserKnownHostsFile /dev/null|' "$SSH_CONFIG_DEV" >"$PROJ/ssh_config.nokey"
  grep -q 'UserKnownHostsFile /dev/null' "$PROJ/ssh_config.nokey"
  # (a fresh control socket dir: a shared connection from an earlier step would skip the host key check)
  mkdir -m 700 "$PROJ/ctl"
  SSH_CTL_DIR="$PROJ/ctl" tkj status SSH_CONFIG="$PROJ/ssh_config.nokey"
  assert_error ssh_failed
  [[ "$(j 'd["detail"]')" == *"ost key verification failed"* ]]
}

@test "the cluster settings file is chosen when a target runs, not when make starts; CLUSTER_CONF=path still wins" {
  unset CLUSTER_CONF
  rm -f "$PROJ/config/cluster.dev.conf"
  printf 'SLURM_HOST=team-node.invalid\nREMOTE_DIR=/mnt/giga/project/ptj_stock_lab\n' >"$PROJ/config/cluster.conf"
  # like make demo on a fresh clone: one recipe writes config/cluster.dev.conf (as dev-up does) and then runs a
  # toolkit target (as the bot does), which must talk to that cluster, not to the team's
  run --separate-stderr make -s --no-print-directory -f "$REPO/Makefile" -C "$PROJ" \
    --eval "first-contact: ; @cp '$(dev_conf)' config/cluster.dev.conf && \$(MAKE) -s --no-print-directory -f '$REPO/Makefile' slurm-status OUTPUT=json" \
    first-contact
  last_json=$(printf '%s\n' "$output" | tail -n 1)
  assert_ok
  # an explicit CLUSTER_CONF=path overrides the choice
  tkj status CLUSTER_CONF="$PROJ/config/cluster.conf" SSH_CONNECT_TIMEOUT=3
  assert_error ssh_failed
  [[ "$(j 'd["detail"]')" == *"team-node.invalid"* ]]
}
