# Summary: render the sbatch for the pushed run dir and submit it (job name ptj-PROFILE)
# Usage: make slurm-submit PROFILE=name [FORCE=1] [PARTITION=..] [ACCOUNT=..] [CPUS=..] [MEM=..] [TIME=..] [DRY_RUN=1] [OUTPUT=json]
#
# 1 ssh: checks the run dir (and the .sqsh for container profiles), writes RUN_DIR/job.sbatch, runs sbatch from
# the run dir; after a transient controller error it looks the job up by name and run dir before reporting failure.
# The job id is written to slurm/jobs/PROFILE.jobid the moment the answer arrives.
# Refuses with duplicate_job when PROFILE.jobid exists, unless FORCE=1 (seed safety rule 2).

duplicate_guard() {
  local old
  tracked_jobid "$PROFILE" || return 0
  old=$REPLY
  [ "${FORCE:-}" = 1 ] && { DUPLICATE_OVERRIDDEN=$old; return 0; }
  out_str profile "$PROFILE"
  out_str jobId "$old"
  fail duplicate_job "⚠️ $PROFILE.jobid 존재 (Job $old). 이미 실행 중일 수 있습니다." \
    "계속 진행하면 이전 Job 추적을 덮어씁니다. 진행할까요? (진행: FORCE=1, 상태 확인: make slurm-status)"
}

# push_for_submit: what slurm-run and slurm-sweep do before their one submit ssh — the [Profile 확인] card, the
# duplicate guard before anything is copied, then the push (the image checked too). A job sbatch refuses outright
# leaves no run dir or .rundir behind: submit drops what this push made and puts the previous .rundir back.
# Needs show.sh and push.sh sourced (run.sh and sweep.sh source both).
push_for_submit() {
  profile_card
  say ""
  duplicate_guard
  PUSH_PREV_RUNDIR=""
  tracked_rundir "$PROFILE" && PUSH_PREV_RUNDIR=$REPLY
  SUBMIT_DROP_PUSHED=1
  PUSH_CHECK_IMAGE=1
  do_push
  say ""
}

submit_report() {
  local jid=$1 run_rel=$2 container
  if uses_container; then container="${CONTAINER_IMAGE##*/} (Pyxis)"
  elif [ "$CONTAINER" = yes ]; then container="${CONTAINER_IMAGE##*/} (CONTAINER_RUNTIME=none: 컨테이너 없이 python3 직접 실행)"
  else container="없음 (CONTAINER=no)"; fi
  out_str profile "$PROFILE"
  out_str jobId "$jid"
  out_str runDir "$run_rel"
  out_resources
  out_str jobName "$JOB_NAME"
  out_str template "$TEMPLATE_USED"
  [ -n "${DUPLICATE_OVERRIDDEN:-}" ] && out_str replacedJobId "$DUPLICATE_OVERRIDDEN"
  out_str message "Job $jid 제출 완료 ($PROFILE, $run_rel/)"
  say "[Job 제출 완료]" \
      "  Profile:    $PROFILE" \
      "  Job ID:     $jid" \
      "  Script:     $SCRIPT${SCRIPT_ARGS:+ $SCRIPT_ARGS}" \
      "  Resources:  $CPUS CPU, $MEM RAM, $TIME" \
      "  Partition:  $PARTITION / Account: $ACCOUNT" \
      "  Container:  $container" \
      "  Run dir:    $run_rel/" \
      "" \
      "  다음 단계:" \
      "  - 모니터링: make slurm-watch PROFILE=$PROFILE" \
      "  - 로그:     make slurm-log PROFILE=$PROFILE" \
      "  - 복구:     make slurm-recover PROFILE=$PROFILE"
  [ -n "${DUPLICATE_OVERRIDDEN:-}" ] && say "  (FORCE=1: 이전 Job $DUPLICATE_OVERRIDDEN 추적을 덮어씀)"
  return 0
}

# forget_dropped_run RUN_REL: the server deleted the run dir this slurm-run had just pushed (no job was created);
# put PROFILE.rundir back to what it was before the push and say so in every failure that follows.
forget_dropped_run() {
  if [ -n "${PUSH_PREV_RUNDIR:-}" ]; then save_rundir "$PROFILE" "$PUSH_PREV_RUNDIR"; else rm -f "$(rundir_file "$PROFILE")"; fi
  out_bool runDirRemoved true
  SUBMIT_DROP_NOTE=" — Job 이 만들어지지 않아 방금 push 한 $1/ 과 slurm/jobs/$PROFILE.rundir 기록을 지웠습니다."
}

# sbatch_error TEXT: map sbatch's stderr to the seed's error table
sbatch_error() {
  local text=$1 last
  last=$(printf '%s\n' "$text" | grep -v '^[[:space:]]*$' | tail -n 1)
  out_str detail "$last"
  out_str partition "$PARTITION"
  out_str account "$ACCOUNT"
  case $(printf '%s' "$text" | tr '[:upper:]' '[:lower:]') in
    *"command not found"*|*": not found"*)
      # sbatch itself is missing on the login node: not a refusal of this job
      printf '%s\n' "$text" | grep -v '^[[:space:]]*$' >"$TK_TMP/sbatch.err" || true
      remote_failed_exit submit 127 "$TK_TMP/sbatch.err" ;;
    *"invalid partition"*)
      fail invalid_partition "sbatch 오류: invalid partition ($PARTITION)${SUBMIT_DROP_NOTE:-}" \
        "→ PARTITION=all 확인. shared/shared_e101 등은 이 클러스터에서 무효" ;;
    *"invalid account"*)
      fail invalid_account "sbatch 오류: invalid account ($ACCOUNT)${SUBMIT_DROP_NOTE:-}" \
        "→ ACCOUNT=default 확인. taehyun 등은 무효" ;;
  esac
  if [ -n "${SUBMIT_DROP_NOTE:-}" ]; then
    fail sbatch_failed "sbatch 실패: $last$SUBMIT_DROP_NOTE" "→ 입력값과 서버 상태를 확인한 뒤 make slurm-run PROFILE=$PROFILE 로 다시 실행하세요."
  fi
  fail sbatch_failed "sbatch 실패: $last" "→ 입력값과 서버 상태를 확인한 뒤 make slurm-submit PROFILE=$PROFILE 로 다시 제출하세요."
}

do_submit() {
  load_profile
  need_remote
  local run_rel
  if [ -n "${PUSH_RUN_REL:-}" ]; then
    run_rel=$PUSH_RUN_REL
  elif tracked_rundir "$PROFILE"; then
    run_rel=$REPLY
  else
    out_str profile "$PROFILE"
    fail no_rundir "$PROFILE.rundir 가 없습니다. push 먼저 실행 필요합니다." \
      "→ make slurm-push PROFILE=$PROFILE 후 submit, 또는 make slurm-run PROFILE=$PROFILE (push + submit)"
  fi
  duplicate_guard
  local run_abs="$REMOTE_DIR/$run_rel"
  render_sbatch "$run_abs" "$TK_TMP/job.sbatch"
  if [ "${DRY_RUN:-}" = 1 ]; then
    out_bool dryRun true
    out_str profile "$PROFILE"; out_str runDir "$run_rel"; out_str jobName "$JOB_NAME"
    out_str sbatch "$(cat "$TK_TMP/job.sbatch")"
    out_str command "cd $run_abs && sbatch --parsable job.sbatch"
    say "[제출 미리보기] (DRY_RUN=1: 아무것도 실행하지 않음)" "  cd $run_abs && sbatch --parsable job.sbatch" "" "--- job.sbatch ---"
    is_json || cat "$TK_TMP/job.sbatch"
    return 0
  fi
  submit_remote "$run_rel"
  submit_report "$SUBMITTED_JOBID" "$run_rel"
}

# submit_remote RUN_REL: the one ssh that writes job.sbatch (and, for a sweep, sweep/tasks.txt + grid.txt) and runs
# sbatch; sets SUBMITTED_JOBID and writes PROFILE.jobid, or fails with the seed's error table.
submit_remote() {
  local run_rel=$1 want_image=0
  uses_container && want_image=1
  local drop=0
  [ "${SUBMIT_DROP_PUSHED:-}" = 1 ] && [ "$run_rel" = "${PUSH_RUN_REL:-}" ] && drop=1
  remote_run submit submit "$run_rel" "$JOB_NAME" "$(cat "$TK_TMP/job.sbatch")" "$want_image" "$CONTAINER_IMAGE" "$drop" \
    "${SWEEP_ARRAY:-}" "${SWEEP_TASKS_TEXT:-}" "${SWEEP_GRID_TEXT:-}"
  if [ -n "${R_jobid:-}" ] && matches "$R_jobid" "$RE_JOBID"; then
    save_jobid "$PROFILE" "$R_jobid"     # first thing once sbatch has answered
    SUBMITTED_JOBID=$R_jobid
    [ "${R_recovered:-0}" = 1 ] && out_str note "sbatch 응답이 일시 오류였지만 Job 이 큐에 있어 추적합니다."
    return 0
  fi
  out_str profile "$PROFILE"
  out_str runDir "$run_rel"
  [ "${R_rundir_removed:-0}" = 1 ] && forget_dropped_run "$run_rel"
  case ${R_err:-} in
    no_rundir)
      fail no_rundir "서버에 run dir 이 없습니다: $run_rel/ (이미 collect/clean 되었을 수 있음)" \
        "→ make slurm-push PROFILE=$PROFILE 로 다시 push 하세요 (또는 make slurm-run PROFILE=$PROFILE)." ;;
    image_missing)
      out_str image "$CONTAINER_IMAGE"
      fail image_missing "컨테이너 이미지가 없습니다: $CONTAINER_IMAGE${SUBMIT_DROP_NOTE:-}" \
        "→ make slurm-image-refresh 실행 (서버에서 ${CONTAINER_IMAGE##*/} 재빌드) 후 다시 제출하세요." ;;
    sbatch)
      sbatch_error "$(cat "$TK_TMP/B.sbatch_err" 2>/dev/null)" ;;
  esac
  fail internal "submit: 서버 응답을 해석하지 못했습니다." "→ make slurm-recover PROFILE=$PROFILE 로 상태를 확인하세요."
}
