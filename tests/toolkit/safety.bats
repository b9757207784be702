#!/usr/bin/env bats
# The seed's safety rules on the real dev cluster: duplicate guard, collect refused while RUNNING, clean only
# with CONFIRM=yes and never a running job's dir, cancel only one explicit id, recover after lost local files.

load helpers

setup() { setup_project; }
teardown() { teardown_project; }

@test "duplicate .jobid: the seed's warning, nothing runs; FORCE=1 submits and replaces the tracking" {
  tkj run PROFILE=backtest_v5
  assert_ok
  local first
  first=$(j 'd["jobId"]')
  trace_reset
  tk run PROFILE=backtest_v5
  [ "$status" -ne 0 ]
  contains "⚠️ backtest_v5.jobid 존재 (Job $first). 이미 실행 중일 수 있습니다."
  contains "계속 진행하면 이전 Job 추적을 덮어씁니다. 진행할까요?"
  tkj submit PROFILE=backtest_v5
  assert_error duplicate_job
  [ "$(j 'd["jobId"]')" = "$first" ]
  assert_trace 0 0
  tkj run PROFILE=backtest_v5 FORCE=1
  assert_ok
  [ "$(j 'd["jobId"]')" != "$first" ]
  [ "$(j 'd["replacedJobId"]')" = "$first" ]
  [ "$(jobid_of backtest_v5)" = "$(j 'd["jobId"]')" ]
}

@test "collect is refused while the job is RUNNING (seed text + watch hint); nothing pulled or deleted" {
  tkj run PROFILE=backtest_v5 SCRIPT_ARGS="--sleep 60"
  assert_ok
  local jid rd
  jid=$(j 'd["jobId"]')
  rd=$(j 'd["runDir"]')
  wait_state backtest_v5 RUNNING
  trace_reset
  tk collect PROFILE=backtest_v5
  [ "$status" -ne 0 ]
  contains "⚠️ Job $jid 아직 RUNNING. 완료 후 collect하세요."
  contains "→ make slurm-watch PROFILE=backtest_v5 로 대기 가능"
  tkj collect PROFILE=backtest_v5
  assert_error job_active
  [ "$(j 'd["state"]')" = RUNNING ]
  [ "$(trace_count rsync)" = 0 ]
  [ -d "$TEST_REMOTE/$rd" ]
  [ -f "$PROJ/slurm/jobs/backtest_v5.rundir" ]
  [ -f "$PROJ/slurm/jobs/backtest_v5.jobid" ]
  tkj cancel JOBID="$jid"
  assert_ok
  [ "$(j 'd["alreadyFinished"]')" = false ]
  # a second cancel of the same job changes nothing and says so (the bot reports "이미 CANCELLED")
  tkj cancel JOBID="$jid"
  assert_ok
  [ "$(j 'd["alreadyFinished"]')" = true ]
}

@test "clean lists, refuses without CONFIRM=yes (exit 3), then deletes all but a running job's run dir" {
  tkj push PROFILE=optimizer_v5
  assert_ok
  local idle running
  idle=$(j 'd["runDir"]')
  tkj run PROFILE=backtest_v5 SCRIPT_ARGS="--sleep 60"
  assert_ok
  running=$(j 'd["runDir"]')
  wait_state backtest_v5 RUNNING PENDING
  tk clean
  [ "$status" -ne 0 ]
  contains "[삭제 대상]"
  contains "  서버 runs/:"
  contains "    - $idle/"
  contains "  로컬 slurm/jobs/:"
  contains "    - optimizer_v5.rundir"
  contains "진행할까요?"
  # make itself exits 2 on any failed recipe; toolkit.sh's own code for confirm_required is 3
  run --separate-stderr "$REPO/scripts/slurm/toolkit.sh" clean
  [ "$status" -eq 3 ]
  tkj clean
  assert_error confirm_required
  [ "$(j 'd["remote"]')" = "[\"$idle\"]" ]
  [ "$(j '[s["runDir"] for s in d["spared"]]')" = "[\"$running\"]" ]
  [ -d "$TEST_REMOTE/$idle" ] && [ -d "$TEST_REMOTE/$running" ]
  [ -f "$PROJ/slurm/jobs/optimizer_v5.rundir" ]
  tkj clean CONFIRM=yes
  assert_ok
  [ "$(j 'd["removed"]')" = true ]
  [ ! -e "$TEST_REMOTE/$idle" ]
  [ -d "$TEST_REMOTE/$running" ]
  [ ! -e "$PROJ/slurm/jobs/optimizer_v5.rundir" ]
  [ -f "$PROJ/slurm/jobs/backtest_v5.rundir" ]
  tkj cancel JOBID="$(jobid_of backtest_v5)"
  assert_ok
}

@test "cancel takes exactly one job id: empty, all, -u, lists and words are refused before any ssh" {
  trace_reset
  local bad
  for bad in "" all "-u root" "-u" "12,13" "12 13" "abc" "12;scancel 1" '$(id)' "-1"; do
    tkj cancel JOBID="$bad"
    assert_error invalid_jobid
    [ "$status" -eq 2 ]
  done
  tk cancel JOBID=all
  contains "일괄 취소"
  assert_trace 0 0
}

@test "cancel JOBID=<id> cancels that one job only" {
  tkj run PROFILE=backtest_v5 SCRIPT_ARGS="--sleep 60"
  assert_ok
  local a b
  a=$(j 'd["jobId"]')
  tkj run PROFILE=optimizer_v5 SCRIPT_ARGS="--sleep 60"
  assert_ok
  b=$(j 'd["jobId"]')
  trace_reset
  tkj cancel JOBID="$a"
  assert_ok
  assert_trace 1 0
  [ "$(j 'd["profile"]')" = backtest_v5 ]
  [ "$(j 'd["state"]')" = CANCELLED ]
  [ "$(j 'd["alreadyFinished"]')" = false ]
  # a second cancel has nothing to do, and says so unambiguously (the bot reads alreadyFinished, not the state)
  tkj cancel JOBID="$a"
  assert_ok
  [ "$(j 'd["alreadyFinished"]')" = true ]
  [ "$(j 'd["state"]')" = CANCELLED ]
  tkj status
  [ "$(j "[t['state'] for t in d['tracked'] if t['profile']=='optimizer_v5'][0]")" != CANCELLED ]
}

@test "recover after losing .jobid and .rundir: running → watch, finished → collect" {
  tkj run PROFILE=backtest_v5 SCRIPT_ARGS="--sleep 6"
  assert_ok
  local jid rd
  jid=$(j 'd["jobId"]')
  rd=$(j 'd["runDir"]')
  rm -f "$PROJ/slurm/jobs/backtest_v5.jobid" "$PROJ/slurm/jobs/backtest_v5.rundir"
  tkj log PROFILE=backtest_v5
  assert_error no_jobid
  trace_reset
  tkj recover PROFILE=backtest_v5
  assert_ok
  assert_trace 1 0
  [ "$(j 'd["jobId"]')" = "$jid" ]
  [ "$(j 'd["runDir"]')" = "$rd" ]
  [ "$(j 'd["next"]')" = watch ]
  [ "$(jobid_of backtest_v5)" = "$jid" ]
  [ "$(rundir_of backtest_v5)" = "$rd" ]
  tkj watch PROFILE=backtest_v5
  assert_ok
  rm -f "$PROJ/slurm/jobs/backtest_v5.jobid" "$PROJ/slurm/jobs/backtest_v5.rundir"
  tk recover PROFILE=backtest_v5
  [ "$status" -eq 0 ]
  contains "make slurm-collect PROFILE=backtest_v5"
  tkj recover PROFILE=backtest_v5
  [ "$(j 'd["next"]')" = collect ]
  tkj collect PROFILE=backtest_v5
  assert_ok
  [ ! -e "$TEST_REMOTE/$rd" ]
}

@test "recover: pushed but never submitted → submit; nothing on the server → job_not_found" {
  tkj recover PROFILE=optimizer_v5
  assert_error job_not_found
  tkj push PROFILE=optimizer_v5
  assert_ok
  rm -f "$PROJ/slurm/jobs/optimizer_v5.rundir"
  tkj recover PROFILE=optimizer_v5
  assert_ok
  [ "$(j 'd["next"]')" = submit ]
  [ -f "$PROJ/slurm/jobs/optimizer_v5.rundir" ]
}

@test "collect deletes the run dir the job ran in, not a newer push tracked in .rundir" {
  tkj run PROFILE=backtest_v5
  assert_ok
  local jobdir newer
  jobdir=$(j 'd["runDir"]')
  sleep 1
  tkj push PROFILE=backtest_v5
  assert_ok
  newer=$(j 'd["runDir"]')
  wait_state backtest_v5 COMPLETED
  tkj collect PROFILE=backtest_v5
  assert_ok
  [ "$(j 'd["runDir"]')" = "$jobdir" ]
  [ ! -e "$TEST_REMOTE/$jobdir" ]
  [ -d "$TEST_REMOTE/$newer" ]
  [ "$(rundir_of backtest_v5)" = "$newer" ]
}

@test "clean DRY_RUN=1 (even with CONFIRM=yes) lists and deletes nothing, ok; plain clean asks without an error look" {
  tkj push PROFILE=optimizer_v5
  assert_ok
  local idle
  idle=$(j 'd["runDir"]')
  tkj clean CONFIRM=yes DRY_RUN=1
  assert_ok
  [ "$(j 'd["dryRun"]')" = true ]
  [ "$(j 'd["removed"]')" = false ]
  [ "$(j 'd["remote"]')" = "[\"$idle\"]" ]
  [ "$(j 'd["local"]')" = '["optimizer_v5.rundir"]' ]
  [ -d "$TEST_REMOTE/$idle" ]
  [ -f "$PROJ/slurm/jobs/optimizer_v5.rundir" ]
  tk clean DRY_RUN=1
  [ "$status" -eq 0 ]
  contains "    - $idle/"
  contains "아무것도 삭제하지 않았습니다"
  # without DRY_RUN: the JSON contract stays confirm_required; the human text is a question, not a failure
  tkj clean
  assert_error confirm_required
  tk clean
  [ "$status" -ne 0 ]
  contains "    - $idle/"
  contains "진행하려면 make slurm-clean CONFIRM=yes"
  [[ $output != *"❌"* ]]
  [[ $output != *"(error:"* ]]
  [ -d "$TEST_REMOTE/$idle" ]
}

@test "recover with correct local files changes nothing and says '이미 일치'; only a lost .jobid is written" {
  tkj run PROFILE=backtest_v5
  assert_ok
  local jid rd
  jid=$(j 'd["jobId"]')
  rd=$(j 'd["runDir"]')
  wait_state backtest_v5 COMPLETED
  tkj recover PROFILE=backtest_v5
  assert_ok
  [ "$(j 'd["restored"]')" = '[]' ]
  [ "$(j 'd["unchanged"]')" = '["slurm/jobs/backtest_v5.jobid", "slurm/jobs/backtest_v5.rundir"]' ]
  tk recover PROFILE=backtest_v5
  [ "$status" -eq 0 ]
  contains "복원:     (없음: 이미 일치)"
  # only the file that was missing is written (no made-up job id: teardown cancels every id it saw)
  rm -f "$PROJ/slurm/jobs/backtest_v5.jobid"
  tkj recover PROFILE=backtest_v5
  assert_ok
  [ "$(j 'd["restored"]')" = '["slurm/jobs/backtest_v5.jobid"]' ]
  [ "$(j 'd["unchanged"]')" = '["slurm/jobs/backtest_v5.rundir"]' ]
  [ "$(jobid_of backtest_v5)" = "$jid" ]
  [ "$(rundir_of backtest_v5)" = "$rd" ]
}
