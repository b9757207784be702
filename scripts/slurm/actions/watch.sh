# Summary: wait until the profile's job ends (one ssh per poll)
# Usage: make slurm-watch PROFILE=name [JOBID=digits] [WATCH_INTERVAL=10] [WATCH_TIMEOUT=0] [OUTPUT=json]
#
# Each poll is one ssh running squeue (and sacct once the job left the queue). A failed query is never read as
# "finished": polling goes on. On an end state other than COMPLETED: job_failed with the tail of .err/.out.

# diagnose_hint STATE EXIT -> REPLY: a short Korean cause + next step from the state and log tail
diagnose_hint() {
  local state=$1 tail_file=$TK_TMP/B.logtail last=""
  [ -f "$tail_file" ] && last=$(grep -E '^[A-Za-z_.]*(Error|Exception|Interrupt)(:|$)' "$tail_file" | tail -n 1)
  if [ -f "$tail_file" ] && grep -Eqi 'exceeded memory limit|out of memory|oom' "$tail_file"; then state=OUT_OF_MEMORY; fi
  case $state in
    OUT_OF_MEMORY) REPLY="→ 메모리 초과로 종료되었습니다. Profile MEM 을 늘릴지 확인하세요 (리소스 변경은 사용자 요청 시만)." ;;
    TIMEOUT) REPLY="→ 시간 제한(TIME=$TIME_SHOWN)에 걸렸습니다. TIME 을 늘릴지 확인하세요." ;;
    CANCELLED) REPLY="→ Job 이 취소되었습니다 (scancel 또는 관리자)." ;;
    NODE_FAIL|BOOT_FAIL) REPLY="→ 노드 장애입니다. make slurm-run PROFILE=${PROFILE:-} 로 다시 제출하세요." ;;
    *) if [ -n "$last" ]; then REPLY="→ 스크립트 오류: $last — 로그: make slurm-log PROFILE=${PROFILE:-} STREAM=err"
       else REPLY="→ 로그를 확인하세요: make slurm-log PROFILE=${PROFILE:-} STREAM=err"; fi ;;
  esac
}

# watch_job ID: poll until an end state; sets W_STATE W_EXIT W_ELAPSED
watch_job() {
  local id=$1 interval=${WATCH_INTERVAL:-10} timeout=${WATCH_TIMEOUT:-0} start last_state="" waited=0 unknown=0
  start=$(date +%s)
  while :; do
    remote_run "poll" watch "$id"
    state_of_queried "$id"; W_STATE=$REPLY
    norm_elapsed "$J_ELAPSED"; W_ELAPSED=$REPLY
    W_EXIT=${R_exit:-$J_EXIT}
    if [ "$W_STATE" = GONE ]; then
      out_str jobId "$id"
      fail job_not_found "Job $id 를 squeue/sacct 어디에서도 찾을 수 없습니다." "→ make slurm-recover PROFILE=${PROFILE:-<profile>} 로 상태를 맞추세요."
    fi
    if [ "$W_STATE" = UNKNOWN ]; then unknown=$((unknown + 1)); else unknown=0; fi
    # a sweep (array job) reports its task counts instead of one elapsed time
    local counts=""
    [ "${A_TOTAL:-0}" -gt 0 ] && [ -z "$J_ID" ] && counts=" ($A_COUNTS)"
    if [ "$W_STATE$counts" != "$last_state" ]; then
      local why=""
      if [ "$W_STATE" = PENDING ]; then pending_reason "$J_REASON"; why=$REPLY; fi
      progress "  [$(date +%H:%M:%S)] Job $id $W_STATE${W_ELAPSED:+ ($W_ELAPSED)}$counts${why:+ 사유: $why}"
      last_state=$W_STATE$counts
    fi
    is_terminal_state "$W_STATE" && return 0
    waited=$(( $(date +%s) - start ))
    if [ "$timeout" -gt 0 ] && [ "$waited" -ge "$timeout" ]; then
      out_str jobId "$id"; out_str state "$W_STATE"
      fail watch_timeout "WATCH_TIMEOUT(${timeout}s) 동안 Job $id 가 끝나지 않았습니다 (현재 $W_STATE)." \
        "→ make slurm-watch PROFILE=${PROFILE:-<profile>} 로 계속 대기하거나 make slurm-status 로 확인하세요."
    fi
    sleep "$interval"
  done
}

# watch_result ID: report the end state; COMPLETED → ok, else job_failed with the log tail
watch_result() {
  local id=$1
  out_str jobId "$id"
  if [ -z "$J_ID" ] && array_summary "$id"; then
    if [ "$A_FAILED" -gt 0 ] && [ ! -s "$TK_TMP/B.logtail" ]; then
      # the poll that saw the end brought no failed task's log (seen once under load in sweep.bats): one more look
      sleep 1
      remote_run "poll" watch "$id"
      array_summary "$id" || true
    fi
    sweep_watch_result "$id"; return 0
  fi
  out_str state "$W_STATE"
  out_str_or_null exitCode "$W_EXIT"
  out_str_or_null elapsed "$W_ELAPSED"
  [ -n "${PROFILE:-}" ] && out_str profile "$PROFILE"
  if [ "$W_STATE" = COMPLETED ]; then
    out_str message "Job $id COMPLETED (exit ${W_EXIT:-?}, ${W_ELAPSED:-?})"
    say "[Job 완료]" "  Job ID:   $id" "  상태:     COMPLETED (exit ${W_EXIT:-?}, ${W_ELAPSED:-?})" \
        "" "  다음 단계: make slurm-collect PROFILE=${PROFILE:-<profile>}"
    return 0
  fi
  local text=""
  [ -f "$TK_TMP/B.logtail" ] && text=$(cat "$TK_TMP/B.logtail")
  out_str logTail "$text"
  TIME_SHOWN=${TIME:-?}
  diagnose_hint "$W_STATE"
  local hint=$REPLY
  if ! is_json; then
    printf '[Job 종료: %s]\n  Job ID:   %s\n  Exit:     %s  Elapsed: %s\n\n  로그 tail:\n' "$W_STATE" "$id" "${W_EXIT:-?}" "${W_ELAPSED:-?}"
    printf '%s\n' "$text" | sed 's/^/    /'
    printf '\n'
  fi
  fail job_failed "Job $id 가 $W_STATE 상태로 끝났습니다 (exit ${W_EXIT:-?})." "$hint"
}

# sweep_watch_result ID: the end of a sweep, as one report: task counts, failed tasks with their log tails.
sweep_watch_result() {
  local id=$1 text=""
  out_str state "$W_STATE"
  out_array_counts
  [ -n "${PROFILE:-}" ] && out_str profile "$PROFILE"
  if [ "$A_FAILED" -eq 0 ]; then
    out_str message "Sweep $id 완료: Task $A_DONE/$A_TOTAL COMPLETED"
    say "[Sweep 완료]" "  Job ID:   $id (Task ${A_TOTAL}개)" "  Task:     $A_COUNTS" \
        "" "  다음 단계: make slurm-collect PROFILE=${PROFILE:-<profile>}"
    return 0
  fi
  [ -f "$TK_TMP/B.logtail" ] && text=$(cat "$TK_TMP/B.logtail")
  out_str logTail "$text"
  TIME_SHOWN=${TIME:-?}
  diagnose_hint "$W_STATE"
  if ! is_json; then
    printf '[Sweep 종료: 실패 Task 있음]\n  Job ID:   %s (Task %s개)\n  Task:     %s\n  실패:     %s\n\n  로그 tail:\n' \
      "$id" "$A_TOTAL" "$A_COUNTS" "$A_FAILED_IDS"
    printf '%s\n' "$text" | sed 's/^/    /'
    printf '\n'
  fi
  fail job_failed "Sweep $id: Task ${A_TOTAL}개 중 ${A_FAILED}개 실패 ($A_FAILED_IDS)." \
    "$REPLY (성공한 Task 결과는 make slurm-collect PROFILE=${PROFILE:-<profile>} 로 받을 수 있습니다)"
}

do_watch() {
  [ -n "${JOBID:-}" ] || need_profile_name
  if [ -n "${PROFILE:-}" ]; then load_profile; fi
  need_remote
  need_jobid; local id=$REPLY
  [ -n "${PROFILE:-}" ] && sweep_tasks_of "$PROFILE" "$id" && SWEEP_EXPECTED=$REPLY
  progress "Job $id 대기 중 (WATCH_INTERVAL=${WATCH_INTERVAL:-10}s)..."
  watch_job "$id"
  watch_result "$id"
}
