# Summary: after an ssh drop or lost local files, find the profile's job and run dir on the server and restore tracking
# Usage: make slurm-recover PROFILE=name [OUTPUT=json]
#
# 1 ssh: run dirs runs/PROFILE-*/ and jobs named ptj-PROFILE (squeue --me -t all + sacct over 30 days) whose
# work dir is one of this REMOTE_DIR's run dirs. Restores slurm/jobs/PROFILE.jobid/.rundir and says what is next:
# watch (still running), collect (finished), resubmit (failed), submit (pushed, never submitted), none.

# restore_track KIND VALUE: write slurm/jobs/PROFILE.KIND (jobid|rundir) unless it already holds VALUE; the file
# goes to RESTORED (changed) or UNCHANGED (already right).
restore_track() {
  local f rel cur=""
  f="$JOBS_DIR/$PROFILE.$1"; rel="slurm/jobs/$PROFILE.$1"
  if read_first_line "$f"; then cur=${REPLY%/}; fi
  if [ "$1" = rundir ]; then cur=${cur#"$REMOTE_DIR"/}; fi
  if [ "$cur" = "$2" ]; then UNCHANGED="${UNCHANGED:+$UNCHANGED }$rel"; return 0; fi
  if [ "$1" = jobid ]; then save_jobid "$PROFILE" "$2"; else save_rundir "$PROFILE" "$2"; fi
  RESTORED="${RESTORED:+$RESTORED }$rel"
}

# restore_sweep ID RUN_REL: the job ran as a sweep (its run dir holds sweep/grid.txt) and PROFILE.sweep does not
# describe it: write it again (array id, then the swept arguments of each task), so status/collect count its tasks.
restore_sweep() {
  local id=$1 run_rel=$2 f line
  [ -n "$run_rel" ] && [ -f "$TK_TMP/L.sweep" ] || return 0
  sweep_tasks_of "$PROFILE" "$id" && return 0
  f=$(sweep_file "$PROFILE")
  {
    printf '%s\n' "$id"
    while IFS= read -r line; do
      case $line in "$run_rel|"*) printf '%s\n' "${line#*|}" ;; esac
    done <"$TK_TMP/L.sweep"
  } >"$f.tmp.$$"
  if [ "$(wc -l <"$f.tmp.$$")" -gt 1 ]; then
    mv -f "$f.tmp.$$" "$f"
    RESTORED="${RESTORED:+$RESTORED }slurm/jobs/$PROFILE.sweep"
  else
    rm -f "$f.tmp.$$"
  fi
}

do_recover() {
  load_profile
  need_remote
  remote_run recover recover "$PROFILE" "$JOB_NAME"
  local best_id="" best_state="" best_wd="" best_elapsed="" best_exit="" id name state elapsed exitc wd run_rel=""
  if [ -f "$TK_TMP/L.job" ]; then
    while IFS='|' read -r id name state elapsed exitc wd; do
      [ -n "$id" ] || continue
      if [ -z "$best_id" ] || [ "$id" -gt "$best_id" ]; then
        best_id=$id best_state=${state%% *} best_wd=$wd best_elapsed=$elapsed best_exit=$exitc
      fi
    done <"$TK_TMP/L.job"
  fi
  local latest_run="${R_latest_run:-}" next note
  RESTORED="" UNCHANGED=""
  if [ -n "$best_id" ]; then
    case $best_wd in */runs/*) run_rel="runs/${best_wd##*/runs/}" ;; esac
    local run_exists=0
    [ -n "$run_rel" ] && grep -qx "$run_rel" "$TK_TMP/L.run" 2>/dev/null && run_exists=1
    if ! is_terminal_state "$best_state"; then
      next=watch; note="Job $best_id 가 아직 $best_state 입니다."
    elif [ "$run_exists" = 0 ]; then
      next=none; note="Job $best_id ($best_state) 의 run dir 이 이미 없습니다 (수집/정리 완료)."
    elif [ "$best_state" = COMPLETED ]; then
      next=collect; note="Job $best_id 가 COMPLETED 로 끝났습니다."
    else
      next=resubmit; note="Job $best_id 가 $best_state 로 끝났습니다 (exit ${best_exit:-?})."
    fi
    if [ "$next" != none ]; then
      restore_track jobid "$best_id"
      if [ "$run_exists" = 1 ]; then restore_track rundir "$run_rel"; fi
      restore_sweep "$best_id" "$run_rel"
    fi
  elif [ -n "$latest_run" ]; then
    run_rel=$latest_run
    next=submit; note="제출된 Job 은 없고 push 된 run dir 이 있습니다."
    restore_track rundir "$run_rel"
  else
    out_str profile "$PROFILE"
    out_raw restored "[]"
    fail job_not_found "서버에서 $PROFILE 의 Job(ptj-$PROFILE)이나 run dir 을 찾지 못했습니다." \
      "→ 새로 실행하려면 make slurm-run PROFILE=$PROFILE"
  fi
  local nextline
  case $next in
    watch) nextline="make slurm-watch PROFILE=$PROFILE (끝나면 make slurm-collect PROFILE=$PROFILE)" ;;
    collect) nextline="make slurm-collect PROFILE=$PROFILE" ;;
    resubmit) nextline="로그 확인: make slurm-log PROFILE=$PROFILE STREAM=err → 수정 후 make slurm-run PROFILE=$PROFILE FORCE=1 (로그/결과 회수: make slurm-collect PROFILE=$PROFILE)" ;;
    submit) nextline="make slurm-submit PROFILE=$PROFILE" ;;
    none) nextline="할 일 없음 (새 실행: make slurm-run PROFILE=$PROFILE)" ;;
  esac
  out_str profile "$PROFILE"
  out_str_or_null jobId "$best_id"
  out_str_or_null state "$best_state"
  norm_elapsed "$best_elapsed"; out_str_or_null elapsed "$REPLY"
  out_str_or_null exitCode "$best_exit"
  out_str_or_null runDir "$run_rel"
  out_str next "$next"
  out_str message "$note"
  local acc="" w
  for w in $RESTORED; do json_str "$w"; acc="${acc:+$acc,}$REPLY"; done
  out_raw restored "[$acc]"
  acc=""
  for w in $UNCHANGED; do json_str "$w"; acc="${acc:+$acc,}$REPLY"; done
  out_raw unchanged "[$acc]"
  local restored_line
  if [ -n "$RESTORED" ] && [ -n "$UNCHANGED" ]; then restored_line="$RESTORED (이미 일치: $UNCHANGED)"
  elif [ -n "$RESTORED" ]; then restored_line=$RESTORED
  elif [ -n "$UNCHANGED" ]; then restored_line="(없음: 이미 일치)"
  else restored_line="(없음)"; fi
  say "[복구 결과]" \
      "  Profile:  $PROFILE" \
      "  Job:      ${best_id:-(없음)}${best_state:+ ($best_state)}" \
      "  Run dir:  $( [ -n "$run_rel" ] && printf '%s/' "$run_rel" || printf '(없음)')" \
      "  복원:     $restored_line" \
      "  상태:     $note" \
      "" "  다음 단계: $nextline"
}
