#!/usr/bin/env bats
# Full lifecycle of every example profile on the real dev cluster: push → submit → status → log → collect,
# with the ssh/rsync invocation count of each step (SLURM_TOOLKIT_TRACE).

load helpers

setup() { setup_project; }
teardown() { teardown_project; }

lifecycle() {
  local p=$1 rd jid
  trace_reset
  tkj push PROFILE="$p"
  assert_ok
  assert_trace 1 1
  rd=$(j 'd["runDir"]')
  [[ $rd =~ ^runs/$p-[0-9]{8}-[0-9]{6}$ ]]
  [ "$(rundir_of "$p")" = "$rd" ]
  [ -L "$TEST_REMOTE/$rd/data" ]
  [ "$(readlink "$TEST_REMOTE/$rd/data")" = "$TEST_REMOTE/data" ]
  grep -q "^profile=$p$" "$TEST_REMOTE/$rd/manifest.txt"
  grep -q '^gitCommit=' "$TEST_REMOTE/$rd/manifest.txt"
  grep -q -- '--job-name=ptj-'"$p" "$TEST_REMOTE/$rd/manifest.txt"

  trace_reset
  tkj submit PROFILE="$p"
  assert_ok
  assert_trace 1 0
  jid=$(j 'd["jobId"]')
  [[ $jid =~ ^[0-9]+$ ]]
  [ "$(jobid_of "$p")" = "$jid" ]
  [ "$(j 'd["jobName"]')" = "ptj-$p" ]
  [ "$(j 'd["cpus"]')" = 20 ] && [ "$(j 'd["mem"]')" = 40G ]

  trace_reset
  wait_state "$p" COMPLETED
  assert_trace 1 0 || [ "$(trace_count ssh)" -ge 1 ]
  trace_reset
  tkj status
  assert_ok
  assert_trace 1 0
  [ "$(j "[t['jobId'] for t in d['tracked'] if t['profile']=='$p'][0]")" = "$jid" ]
  [ "$(j "[t['runDir'] for t in d['tracked'] if t['profile']=='$p'][0]")" = "$rd" ]

  trace_reset
  tkj log PROFILE="$p"
  assert_ok
  assert_trace 1 0
  [ "$(j 'd["jobId"]')" = "$jid" ]
  [[ "$(j 'd["text"]')" == *"[ptj] job $jid profile $p"* ]]

  trace_reset
  tkj collect PROFILE="$p"
  assert_ok
  assert_trace 2 1
  [ "$(j 'd["state"]')" = COMPLETED ]
  [ "$(j 'd["removed"]')" = true ]
  [ ! -e "$TEST_REMOTE/$rd" ]
  [ ! -e "$PROJ/slurm/jobs/$p.rundir" ]
  [ ! -e "$PROJ/slurm/jobs/$p.jobid" ]
  [ "$(cat "$PROJ/slurm/jobs/$p.lastjob")" = "$jid" ]
  [ -s "$PROJ/slurm/logs/$jid.out" ]
  [ -f "$PROJ/slurm/logs/$jid.err" ]
}

@test "backtest_v5: push, submit, status, log, collect; results on local disk, run dir gone" {
  lifecycle backtest_v5
  # collect's JSON names the job's files that came back (summary + trades), with sizes and local paths
  [ "$(j "len(d['files'])")" = 2 ]
  [ "$(j "all(('_'+d['jobId']+'_') in f['path'] and f['size'] > 0 and f['localPath'] == '$PROJ/'+f['path'] for f in d['files'])")" = true ]
  ls "$PROJ"/data/results/backtests/backtest_v5_*_summary.json
  ls "$PROJ"/data/results/backtests/backtest_v5_*_trades.csv
  python3 -c 'import json,sys,glob; d=json.load(open(glob.glob(sys.argv[1]+"/data/results/backtests/backtest_v5_*_summary.json")[0])); assert d["trades"]>0' "$PROJ"
}

@test "optimizer_v5: push, submit, status, log, collect" {
  lifecycle optimizer_v5
  ls "$PROJ"/data/results/analysis/optimizer_v5_*_best.json
  ls "$PROJ"/data/results/analysis/optimizer_v5_*_trials.csv
}

@test "study_exit_params: push, submit, status, log, collect (10 code files, two result dirs)" {
  tkj show PROFILE=study_exit_params
  assert_ok
  [ "$(j 'd["codeFileCount"]')" = 10 ]
  lifecycle study_exit_params
  ls "$PROJ"/data/results/analysis/exit_params_*_best.json
  ls "$PROJ"/data/results/backtests/exit_params_*_best_trades.csv
}

@test "human reports use the seed's formats" {
  tk show PROFILE=backtest_v5
  [ "$status" -eq 0 ]
  contains "[Profile 확인]"
  contains "  Resources: 20 CPU, 40G RAM, 02:00:00"
  tk run PROFILE=backtest_v5
  [ "$status" -eq 0 ]
  contains "[Job 제출 완료]"
  contains "  Partition:  all / Account: default"
  contains "  다음 단계:"
  contains "  - 모니터링: make slurm-watch PROFILE=backtest_v5"
  contains "  - 로그:     make slurm-log PROFILE=backtest_v5"
  contains "  - 복구:     make slurm-recover PROFILE=backtest_v5"
  local jid
  jid=$(jobid_of backtest_v5)
  tk watch PROFILE=backtest_v5
  [ "$status" -eq 0 ]
  tk status
  [ "$status" -eq 0 ]
  contains "[SLURM Status]"
  contains "  서버 Job 목록:"
  [[ $output =~ "    JOBID      NAME             "\ *"STATE    "\ *"TIME       NODES  NODELIST" ]]
  contains "  로컬 추적:"
  contains "backtest_v5:"
  contains "Job $jid | runs/backtest_v5-"
  contains "optimizer_v5:"
  contains "(없음)"
  tk collect PROFILE=backtest_v5
  [ "$status" -eq 0 ]
  contains "[결과 수집 완료]"
  contains "  Profile:  backtest_v5"
  contains "  결과:     data/results/backtests/ ← pull 완료"
  contains "  로그:     slurm/logs/$jid.out, $jid.err"
  contains "삭제 완료"
}

@test "full: push + submit + watch + collect in one step" {
  trace_reset
  tkj full PROFILE=backtest_v5
  assert_ok
  [ "$(j 'd["state"]')" = COMPLETED ]
  [ "$(j 'd["exitCode"]')" = "0:0" ]
  [ "$(j 'd["removed"]')" = true ]
  [ "$(j 'd["results"]')" = '["data/results/backtests/"]' ]
  ls "$PROJ"/data/results/backtests/backtest_v5_*_summary.json
  [ "$(trace_count rsync)" = 2 ]
  # run (2) + at least one poll + collect (2)
  [ "$(trace_count ssh)" -ge 5 ]
}

@test "push hard-links unchanged files against the previous run of the profile" {
  tkj push PROFILE=backtest_v5
  assert_ok
  local first second
  first=$(j 'd["runDir"]')
  sleep 1
  tkj push PROFILE=backtest_v5
  assert_ok
  second=$(j 'd["runDir"]')
  [ "$first" != "$second" ]
  [ "$(j 'd["linkDest"]')" = "$first" ]
  [ "$(stat -c %i "$TEST_REMOTE/$first/ptj_lab/data.py")" = "$(stat -c %i "$TEST_REMOTE/$second/ptj_lab/data.py")" ]
  [ "$(rundir_of backtest_v5)" = "$second" ]
}

@test "status: one ssh with squeue + one batched sacct for 20 tracked jobs, and PENDING shows its reason" {
  tkj run PROFILE=backtest_v5
  assert_ok
  local jid i
  jid=$(j 'd["jobId"]')
  wait_state backtest_v5 COMPLETED
  for i in $(seq 1 20); do
    printf '%s\n' "$jid" >"$PROJ/slurm/jobs/fake$i.jobid"
  done
  trace_reset
  tkj status
  assert_ok
  assert_trace 1 0
  [ "$(j "len(d['tracked'])")" = 21 ]
  [ "$(j "sorted(set(t['state'] for t in d['tracked']))")" = '["COMPLETED"]' ]
  rm -f "$PROJ"/slurm/jobs/fake*.jobid
  # a job that cannot start: submitted held (a tests-only template adds `#SBATCH --hold`) → PENDING + reason
  sed 's/^#SBATCH --nodes=1$/#SBATCH --nodes=1\n#SBATCH --hold/' "$PROJ/slurm/templates/nocontainer.sbatch" >"$PROJ/slurm/templates/held.sbatch"
  grep -q -- '--hold' "$PROJ/slurm/templates/held.sbatch"
  tkj run PROFILE=optimizer_v5 TEMPLATE=held
  assert_ok
  local pid
  pid=$(j 'd["jobId"]')
  tkj status
  assert_ok
  [ "$(j "[t['state'] for t in d['tracked'] if t['profile']=='optimizer_v5'][0]")" = PENDING ]
  [ -n "$(j "[t['reason'] for t in d['tracked'] if t['profile']=='optimizer_v5'][0]")" ]
  local reason
  reason=$(j "[x['reason'] for x in d['jobs'] if x['jobId']=='$pid'][0]")
  [ "$reason" != null ] && [ -n "$reason" ]
  tk status
  contains "$pid"
  [[ $(printf '%s\n' "$output" | grep "^ *$pid ") == *"ptj-optimizer_v5 "*"PENDING "*"($reason)" ]]
  contains "Job $pid | runs/optimizer_v5-"
}

@test "a PENDING job without a reason yet (squeue says None): watch and status never print 'None'" {
  tkj run PROFILE=backtest_v5
  assert_ok
  local jid
  jid=$(j 'd["jobId"]')
  # the login node's squeue answers PENDING/None for this job twice (as right after sbatch), then the real one
  local fake="$PROJ/fakeremote" real_squeue
  real_squeue=$(command -v squeue)
  mkdir -p "$fake" "$PROJ/fakebin"
  cat >"$fake/squeue" <<FAKE
#!/bin/bash
n=\$(cat "$fake/count" 2>/dev/null || echo 0)
if [ "\$n" -lt 2 ]; then
  echo \$((n + 1)) >"$fake/count"
  echo "$jid|ptj-backtest_v5|PENDING|0:00|1||None|$TEST_REMOTE"
  exit 0
fi
exec $real_squeue "\$@"
FAKE
  chmod +x "$fake/squeue"
  # ssh wrapper: the remote command runs with the fake squeue first on PATH (the dev login node is this machine)
  cat >"$PROJ/fakebin/ssh" <<FAKE
#!/bin/bash
args=("\$@"); n=\${#args[@]}
args[n-1]="PATH=$fake:\\\$PATH \${args[n-1]}"
exec $(command -v ssh) "\${args[@]}"
FAKE
  chmod +x "$PROJ/fakebin/ssh"
  PATH="$PROJ/fakebin:$PATH" tkj status
  assert_ok
  [ "$(j "[t['state'] for t in d['tracked'] if t['profile']=='backtest_v5'][0]")" = PENDING ]
  [ "$(j "[t['reason'] for t in d['tracked'] if t['profile']=='backtest_v5'][0]")" = null ]
  [ "$(j "[x['reason'] for x in d['jobs'] if x['jobId']=='$jid'][0]")" = null ]
  [[ $last_json != *None* ]]
  PATH="$PROJ/fakebin:$PATH" tk watch PROFILE=backtest_v5
  [ "$status" -eq 0 ]
  contains "Job $jid PENDING"
  contains "Job $jid COMPLETED"
  [[ $output != *"None"* ]]
  [[ $output != *"사유:"* ]]
}
