# Summary: push + submit + watch + collect, waits for the end (synchronous one-step)
# Usage: make slurm-full PROFILE=name [FORCE=1] [WATCH_INTERVAL=10] [WATCH_TIMEOUT=0] [OUTPUT=json]
#
# run (2 ssh + 1 rsync), then one ssh per poll, then collect (2 ssh + 1 rsync). A job that does not end
# COMPLETED gives job_failed with its log tail and is not collected (its run dir stays for inspection).

# shellcheck source=/dev/null
. "$(action_file run)"
# shellcheck source=/dev/null
. "$(action_file watch)"
# shellcheck source=/dev/null
. "$(action_file collect)"

do_full() {
  if [ "${DRY_RUN:-}" = 1 ]; then do_run; return 0; fi
  do_run
  say ""
  progress "Job $SUBMITTED_JOBID 대기 중 (WATCH_INTERVAL=${WATCH_INTERVAL:-10}s)..."
  watch_job "$SUBMITTED_JOBID"
  if [ "$W_STATE" != COMPLETED ]; then
    watch_result "$SUBMITTED_JOBID"
  fi
  say "  Job $SUBMITTED_JOBID COMPLETED (exit ${W_EXIT:-?}, ${W_ELAPSED:-?})" ""
  # the result object becomes collect's
  OUT_KEYS=(); OUT_VALS=()
  collect_job "$SUBMITTED_JOBID"
}
