# Summary: tail of slurm/logs/JOBID.out|.err on the server
# Usage: make slurm-log PROFILE=name [JOBID=digits|ARRAYID_TASK] [LINES=50] [STREAM=out|err|both] [OUTPUT=json]
#
# 1 ssh: tail of the log files plus the job's state. JOBID defaults to PROFILE.jobid, then PROFILE.lastjob.

do_log() {
  [ -n "${JOBID:-}" ] || need_profile_name
  # an unknown profile is said as such (with the list), like every per-profile target; a profile whose .conf was
  # removed but whose job is still tracked keeps its log
  if [ -n "${PROFILE:-}" ] && [ ! -f "$PROJECT_DIR/slurm/profiles/$PROFILE.conf" ] \
     && [ ! -f "$(jobid_file "$PROFILE")" ] && [ ! -f "$(lastjob_file "$PROFILE")" ]; then
    profile_not_found "Profile '$PROFILE' 이 없습니다 (slurm/profiles/$PROFILE.conf)."
  fi
  need_remote
  local id
  if [ -n "${JOBID:-}" ]; then id=$JOBID
  elif tracked_jobid "$PROFILE"; then id=$REPLY
  elif read_first_line "$(lastjob_file "$PROFILE")" && matches "$REPLY" "$RE_JOBID"; then id=$REPLY
  else need_jobid; fi
  local n=${LINES_SET:-50} stream=${STREAM:-both}
  remote_run log log "$id" "$n" "$stream"
  # a sweep: the array's task counts, then the log of the task the server picked
  local sweep_line=""
  if [ -n "${R_task:-}" ] && matches "$R_task" "$RE_TASKID" && array_summary "$id"; then
    out_str arrayJobId "$id"; out_array_counts
    sweep_line="[Sweep] Job $id: $A_COUNTS — Task $R_task 의 로그 (다른 Task: make slurm-log JOBID=${id}_N)"
    id=$R_task
  fi
  local out_path="$REMOTE_DIR/slurm/logs/$id.out" err_path="$REMOTE_DIR/slurm/logs/$id.err" state text="" outt="" errt=""
  state_of_queried "$id"; state=$REPLY
  [ -f "$TK_TMP/B.out" ] && outt=$(cat "$TK_TMP/B.out")
  [ -f "$TK_TMP/B.err" ] && errt=$(cat "$TK_TMP/B.err")
  case $stream in
    out) text=$outt ;;
    err) text=$errt ;;
    both) text=$outt
          [ -n "$errt" ] && text="${text:+$text
}--- $id.err ---
$errt" ;;
  esac
  [ -n "${PROFILE:-}" ] && out_str profile "$PROFILE"
  out_str jobId "$id"
  out_str state "$state"
  out_str stream "$stream"
  out_num lines "$n"
  out_str text "$text"
  out_str outPath "$out_path"
  out_str errPath "$err_path"
  out_flag outExists "${R_out_exists:-0}"
  out_flag errExists "${R_err_exists:-0}"
  if [ "${R_out_exists:-0}" != 1 ] && [ "${R_err_exists:-0}" != 1 ]; then
    out_str message "Job $id 의 로그가 아직 없습니다 (상태: $state)."
    say "[로그] Job $id ($state): slurm/logs/$id.out 아직 없음${state:+ — $( [ "$state" = PENDING ] && echo '대기 중' || echo "$state")}"
    return 0
  fi
  out_str message "Job $id ($state) 로그 마지막 ${n}줄"
  if ! is_json; then
    [ -n "$sweep_line" ] && printf '%s\n\n' "$sweep_line"
    if [ "$stream" != err ]; then
      printf '[로그] Job %s (%s) — slurm/logs/%s.out 마지막 %s줄\n' "$id" "$state" "$id" "$n"
      [ -n "$outt" ] && printf '%s\n' "$outt" || printf '  (비어 있음)\n'
    fi
    if [ "$stream" != out ]; then
      [ "$stream" = both ] && printf '\n'
      printf '[로그] Job %s (%s) — slurm/logs/%s.err 마지막 %s줄\n' "$id" "$state" "$id" "$n"
      [ -n "$errt" ] && printf '%s\n' "$errt" || printf '  (비어 있음)\n'
    fi
  fi
}
