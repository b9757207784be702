#!/usr/bin/env bats
# make slurm-sweep on the real dev cluster: one array job over a grid of script arguments, and the targets that
# must understand it (status, watch, log, collect, cancel). Refusals happen before any ssh (trace counts).

load helpers

setup() { setup_project; }
teardown() { teardown_project; }

# ids of a task's json list: tasks_args -> "--seed 1|--seed 2|..."
tasks_args() { j '"|".join(t["args"] for t in d["tasks"])'; }

@test "grid: 3 x 2 = 6 tasks in order, swept args replace SCRIPT_ARGS, DRY_RUN shows table + script, no ssh" {
  trace_reset
  tkj sweep PROFILE=backtest_v5 SWEEP='stop-loss=0.03,0.05,0.08 take-profit=0.1,0.2' DRY_RUN=1 \
    SCRIPT_ARGS='--seed 7 --stop-loss 0.01'
  assert_ok
  [ "$(j 'd["taskCount"]')" = 6 ]
  [ "$(j 'd["jobId"]')" = null ]
  [ "$(tasks_args)" = "--stop-loss 0.03 --take-profit 0.1|--stop-loss 0.03 --take-profit 0.2|--stop-loss 0.05 --take-profit 0.1|--stop-loss 0.05 --take-profit 0.2|--stop-loss 0.08 --take-profit 0.1|--stop-loss 0.08 --take-profit 0.2" ]
  [ "$(j '[t["index"] for t in d["tasks"]]')" = "[0, 1, 2, 3, 4, 5]" ]
  [[ $(j 'd["command"]') == *"sbatch --parsable --array=0-5%10 job.sbatch" ]]
  [[ $(j 'd["sbatch"]') == *'slurm/logs/%A_%a.out'* ]]
  [[ $(j 'd["sbatch"]') == *'backtest_v5.py "$@"'* ]]
  assert_trace 0 0
  # human dry run: the task table and the rendered script; the full line of task 0 keeps --seed 7, not 0.01
  tk sweep PROFILE=backtest_v5 SWEEP='stop-loss=0.03,0.05,0.08 take-profit=0.1,0.2' DRY_RUN=1 SCRIPT_ARGS='--seed 7 --stop-loss 0.01'
  [ "$status" -eq 0 ]
  contains "[Sweep 미리보기]"
  contains "5  --stop-loss 0.08 --take-profit 0.2"
  contains "--- sweep/tasks.txt ---"
  contains "--seed 7 --stop-loss 0.03 --take-profit 0.1"
  [[ $output != *"--stop-loss 0.01 --stop-loss"* ]]
  MAX_PARALLEL=3 tkj sweep PROFILE=backtest_v5 SWEEP='seed=1..20' DRY_RUN=1
  [ "$(j 'd["array"]')" = "0-19%3" ]
  assert_trace 0 0
}

@test "refused before any ssh: over SWEEP_MAX, bad names/values/characters, unknown argument" {
  trace_reset
  tkj sweep PROFILE=backtest_v5 SWEEP='seed=1..101'
  assert_error too_many_tasks
  [ "$(j 'd["sweepMax"]')" = 100 ]
  tkj sweep PROFILE=backtest_v5 SWEEP='seed=1..999999 stop-loss=0.1,0.2'
  assert_error too_many_tasks
  tkj sweep PROFILE=backtest_v5 SWEEP='seed=1..11 stop-loss=1,2,3' SWEEP_MAX=30
  assert_error too_many_tasks
  local bad
  for bad in 'seed=1;reboot' 'seed=$(id)' 'seed=1..3 seed=4' 'seed=' 'seed=1,,2' 'Seed=1,2' 'seed=5..1' \
             'seed' 'seed=--fail' "seed='1'" 'seed=1..2..3'; do
    tkj sweep PROFILE=backtest_v5 SWEEP="$bad"
    assert_error invalid_sweep
  done
  tkj sweep PROFILE=backtest_v5 SWEEP='stoploss=0.1,0.2'
  assert_error invalid_sweep
  [ "$(j 'd["argument"]')" = "--stoploss" ]
  tkj sweep PROFILE=backtest_v5 SWEEP='seed=1..2' MAX_PARALLEL=0
  assert_error invalid_variable
  assert_trace 0 0
  [ ! -f "$PROJ/slurm/jobs/backtest_v5.jobid" ]
}

@test "4-task sweep end to end: one push + one sbatch, one task fails, watch reports it, collect pulls all in one rsync" {
  trace_reset
  tkj sweep PROFILE=backtest_v5 SWEEP='seed=1..4' MAX_PARALLEL=2 \
    SCRIPT_ARGS='--start 2020-01-01 --end 2025-12-31 --seed 7 --fail-seed 3'
  assert_ok
  assert_trace 2 1
  local jid
  jid=$(j 'd["jobId"]')
  [ "$(jobid_of backtest_v5)" = "$jid" ]
  [ "$(j 'd["array"]')" = "0-3%2" ]
  [ "$(tasks_args)" = "--seed 1|--seed 2|--seed 3|--seed 4" ]
  # duplicate guard: a running sweep is a running job
  tkj run PROFILE=backtest_v5
  assert_error duplicate_job
  [ "$(j 'd["jobId"]')" = "$jid" ]
  tkj watch PROFILE=backtest_v5
  assert_error job_failed
  [ "$(j 'd["failedTasks"]')" = "[\"${jid}_2\"]" ]
  [ "$(j 'd["taskCounts"]["completed"]')" = 3 ]
  [[ $(j 'd["hint"]') == *"RuntimeError: requested failure"* ]] || { echo "watch said: $output"; false; }
  [[ $(j 'd["logTail"]') == *"${jid}_2.err"* ]]
  tkj status
  [ "$(j "[t['taskCounts']['failed'] for t in d['tracked'] if t['profile']=='backtest_v5'][0]")" = 1 ]
  # one task's log; the array id alone shows the failed task's
  tkj log JOBID="${jid}_1"
  assert_ok
  [[ $(j 'd["text"]') == *"job=${jid}_1"* ]]
  tkj log PROFILE=backtest_v5
  assert_ok
  [ "$(j 'd["jobId"]')" = "${jid}_2" ]
  trace_reset
  tkj collect PROFILE=backtest_v5
  assert_ok
  assert_trace 2 1
  [ "$(j '[t["state"] for t in d["tasks"]]')" = '["COMPLETED", "COMPLETED", "FAILED", "COMPLETED"]' ]
  [ "$(j 'd["tasks"][0]["summary"]')" = "data/results/backtests/backtest_v5_${jid}_0_summary.json" ]
  [ "$(j 'd["tasks"][2]["summary"]')" = null ]
  [ "$(j 'd["tasks"][3]["args"]')" = "--seed 4" ]
  local i
  for i in 0 1 3; do
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["seed"]==int(sys.argv[2]) and d["job"]==sys.argv[3]' \
      "$PROJ/data/results/backtests/backtest_v5_${jid}_${i}_summary.json" $((i + 1)) "${jid}_$i"
    [ -f "$PROJ/slurm/logs/${jid}_$i.out" ]
  done
  [ -f "$PROJ/slurm/logs/${jid}_2.err" ]
  [ "$(j 'd["removed"]')" = true ]
}

@test "recover restores a lost sweep's tracking; cancel one task (ARRAYID_INDEX), then the whole sweep; bad forms refused" {
  tkj sweep PROFILE=backtest_v5 SWEEP='seed=1..4' MAX_PARALLEL=1 SCRIPT_ARGS='--sleep 60'
  assert_ok
  local jid
  jid=$(j 'd["jobId"]')
  # local files lost: recover finds the array (one record, still active) and writes .jobid, .rundir and .sweep again
  rm -f "$PROJ"/slurm/jobs/backtest_v5.*
  tkj recover PROFILE=backtest_v5
  assert_ok
  [ "$(j 'd["jobId"]')" = "$jid" ]
  [ "$(j 'd["next"]')" = watch ]
  [ "$(head -n 1 "$PROJ/slurm/jobs/backtest_v5.sweep")" = "$jid" ]
  [ "$(sed -n 5p "$PROJ/slurm/jobs/backtest_v5.sweep")" = "--seed 4" ]
  tkj status
  [ "$(j "[t['taskCounts']['total'] for t in d['tracked'] if t['profile']=='backtest_v5'][0]")" = 4 ]
  tkj cancel JOBID="${jid}_3"
  assert_ok
  [ "$(j 'd["profile"]')" = backtest_v5 ]
  [ "$(j 'd["state"]')" = CANCELLED ]
  [ -z "$(squeue -h -r -j "${jid}_3" -t PENDING,RUNNING -o %T)" ]
  [[ $(squeue -h -r -j "$jid" -o %T | sort -u | tr '\n' ' ') == *PENDING* ]]
  tkj cancel JOBID="$jid"
  assert_ok
  [ "$(j 'd["state"]')" = CANCELLED ]
  [ -z "$(squeue -h -r -j "$jid" -t PENDING,RUNNING -o %T)" ]
  trace_reset
  for bad in "${jid}_1,${jid}_2" "${jid}_[1-2]" "${jid}_" "_1" "${jid}_1_2" "${jid} ${jid}_1"; do
    tkj cancel JOBID="$bad"
    assert_error invalid_jobid
  done
  tkj log JOBID="${jid}_x"
  assert_error invalid_variable
  assert_trace 0 0
}

@test "a task cancelled while still pending leaves no accounting line: watch ends, status counts it, collect runs" {
  tkj sweep PROFILE=backtest_v5 SWEEP='seed=1..3' MAX_PARALLEL=1 SCRIPT_ARGS='--sleep 4'
  assert_ok
  local jid
  jid=$(j 'd["jobId"]')
  # task 2 waits behind MAX_PARALLEL=1: cancelled now, slurmctld only clears its bit
  tkj cancel JOBID="${jid}_2"
  assert_ok
  WATCH_INTERVAL=1 WATCH_TIMEOUT=180 tkj watch PROFILE=backtest_v5
  assert_error job_failed
  [ "$(j 'd["state"]')" = CANCELLED ]
  [ "$(j 'd["failedTasks"]')" = "[\"${jid}_2\"]" ]
  [ "$(j 'd["taskCounts"]["completed"]')" = 2 ]
  [ "$(j 'd["taskCounts"]["pending"]')" = 0 ]
  tkj status
  [ "$(j "[t['taskCounts']['pending'] for t in d['tracked'] if t['profile']=='backtest_v5'][0]")" = 0 ]
  tkj collect PROFILE=backtest_v5
  assert_ok
  [ -f "$PROJ/data/results/backtests/backtest_v5_${jid}_0_summary.json" ]
  [ -f "$PROJ/data/results/backtests/backtest_v5_${jid}_1_summary.json" ]
}
