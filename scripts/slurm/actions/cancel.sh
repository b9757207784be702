# Summary: scancel exactly one job: JOBID=<digits> (a whole sweep by its array id) or one sweep task JOBID=812_3 (no lists, no "all", no -u)
# Usage: make slurm-cancel JOBID=12345 [OUTPUT=json]
#
# Seed safety rule 6: only an explicit job id. 1 ssh: state, scancel that id, state again.

do_cancel() {
  # one job, one whole sweep (its array id, e.g. 812) or one task of a sweep (812_3); never a list or a range
  if [ -z "${JOBID:-}" ] || { ! matches "$JOBID" "$RE_JOBID" && ! matches "$JOBID" "$RE_TASKID"; }; then
    out_str key JOBID
    out_str expected "digits only (one job id, e.g. 12345), or one sweep task ARRAYID_INDEX (e.g. 812_3)"
    fail invalid_jobid "취소는 명시적인 Job ID 하나만 허용합니다 (받은 값: '${JOBID:-}')." \
      "→ make slurm-cancel JOBID=12345 처럼 숫자 하나만 지정하세요. 일괄 취소(all, -u, 목록)는 금지입니다."
  fi
  need_remote
  remote_run cancel cancel "$JOBID"
  local p prof="" state
  for p in $(tracked_profiles); do
    tracked_jobid "$p" && [ "$REPLY" = "${JOBID%%_*}" ] && prof=$p
  done
  out_str jobId "$JOBID"
  out_str_or_null profile "$prof"
  state=${R_after:-${R_before:-}}
  out_str state "${state:-UNKNOWN}"
  if [ -z "${R_before:-}" ]; then
    fail job_not_found "Job $JOBID 를 찾을 수 없습니다." "→ make slurm-status 로 Job ID 를 확인하세요."
  fi
  if [ "${R_skipped:-0}" = 1 ]; then
    out_bool alreadyFinished true
    out_str message "Job $JOBID 는 이미 ${R_before} 상태입니다 (취소할 것 없음)."
    say "[Job 취소] Job $JOBID 는 이미 $R_before 상태입니다. 취소할 것이 없습니다."
    return 0
  fi
  if [ "${R_scancel_rc:-1}" != 0 ]; then
    fail scancel_failed "scancel $JOBID 실패: ${R_scancel_err:-}" "→ 본인 Job 인지, Job ID 가 맞는지 확인하세요."
  fi
  out_bool alreadyFinished false
  out_str message "Job $JOBID 취소: ${R_before} → ${state}"
  say "[Job 취소]" "  Job ID:   $JOBID${prof:+ ($prof)}" "  상태:     ${R_before} → ${state}" \
      "" "  다음 단계: 로그/결과 회수 make slurm-collect PROFILE=${prof:-<profile>}"
}
