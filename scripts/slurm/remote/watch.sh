# shellcheck shell=bash
# watch (one poll): ARGS job_id. State via squeue/sacct; on an end state also the exit code and, unless
# COMPLETED, the log tail (.err then .out).
main() {
  init "$1" "$2"; shift 2
  local id=$1 state
  query_jobs "$id"
  state=$(qstate "$id")
  if [ -n "$state" ] && is_terminal "$state"; then
    V exit "$(exit_code "$id")"
    [ "$state" = COMPLETED ] || log_tail "$id" 30
  elif [ -z "$state" ]; then
    array_tails "$id"
  fi
  done_
}
