# Summary: copy the profile's CODE_FILES into a fresh runs/PROFILE-YYYYMMDD-HHMMSS/ on the server
# Usage: make slurm-push PROFILE=name [DRY_RUN=1] [OUTPUT=json]
#
# 1 ssh (mkdir, `data` symlink to REMOTE_DIR/data, manifest, find the previous run of the profile)
# + 1 rsync (CODE_FILES, --link-dest against that previous run so unchanged files are hard links).
# Writes slurm/jobs/PROFILE.rundir. The manifest (RUN_DIR/manifest.txt) records git commit, dirty diff hash,
# the profile and the sbatch as rendered at push time.

# build_manifest RUN_REL -> $TK_TMP/manifest.txt
build_manifest() {
  local run_rel=$1 commit="(git 저장소 아님)" dirty="" diffsha=""
  if command -v git >/dev/null 2>&1 && git -C "$PROJECT_DIR" rev-parse --git-dir >/dev/null 2>&1; then
    commit=$(git -C "$PROJECT_DIR" rev-parse HEAD 2>/dev/null || echo "(커밋 없음)")
    if [ -n "$(git -C "$PROJECT_DIR" status --porcelain 2>/dev/null | head -n 1)" ]; then
      dirty=yes
      diffsha=$(git -C "$PROJECT_DIR" diff HEAD 2>/dev/null | sha256_stdin)
    else
      dirty=no
    fi
  fi
  {
    printf 'profile=%s\n' "$PROFILE"
    printf 'runDir=%s\n' "$run_rel"
    printf 'createdAt=%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    printf 'createdBy=%s@%s\n' "$(id -un 2>/dev/null || echo unknown)" "$(hostname 2>/dev/null || echo unknown)"
    printf 'gitCommit=%s\n' "$commit"
    printf 'gitDirty=%s\n' "${dirty:-unknown}"
    printf 'gitDiffSha256=%s\n' "$diffsha"
    printf 'codeFiles=%s\n' "$CODE_FILES"
    printf '\n--- profile: slurm/profiles/%s.conf ---\n' "$PROFILE"
    cat "$PROFILE_FILE"
    printf '\n--- sbatch as rendered at push (slurm/templates/%s.sbatch) ---\n' "$TEMPLATE_USED"
    cat "$TK_TMP/job.sbatch"
  } >"$TK_TMP/manifest.txt"
}

do_push() {
  load_profile
  need_remote
  local w missing=""
  for w in $CODE_FILES; do
    [ -e "$PROJECT_DIR/${w%/}" ] || missing="$missing $w"
  done
  if [ -n "$missing" ]; then
    out_str key CODE_FILES; out_str expected "existing files under PROJECT_DIR"
    fail invalid_profile "$PROFILE.conf CODE_FILES 에 없는 경로가 있습니다:$missing" "→ CODE_FILES 경로를 확인하세요 (PROJECT_DIR=$PROJECT_DIR)."
  fi
  local tries=0 run_rel run_abs
  while :; do
    run_rel="runs/$PROFILE-$(now_stamp)"
    run_abs="$REMOTE_DIR/$run_rel"
    render_sbatch "$run_abs" "$TK_TMP/job.sbatch"
    build_manifest "$run_rel"
    if [ "${DRY_RUN:-}" = 1 ]; then
      out_str profile "$PROFILE"; out_str runDir "$run_rel"; out_bool dryRun true
      count_code_files; out_num files "$REPLY"
      PUSH_RUN_REL=$run_rel
      say "[Push 미리보기] $PROFILE → $run_rel/ (파일 $REPLY개, 실제 전송 없음)"
      return 0
    fi
    need_rsync
    remote_run push push "$run_rel" "$PROFILE" "$(cat "$TK_TMP/manifest.txt")" "$(push_wants_image)" "$CONTAINER_IMAGE"
    [ "${R_err:-}" = image_missing ] && push_image_missing
    [ "${R_exists:-0}" = 1 ] || break
    tries=$((tries + 1))
    [ "$tries" -lt 3 ] || fail internal "run dir 이름이 이미 있습니다: $run_rel" "→ 잠시 후 다시 시도하세요."
    sleep 1
  done
  [ "${R_ok:-0}" = 1 ] || fail rsync_failed "서버에 run dir 을 만들지 못했습니다: ${R_err:-}" "→ 서버 디스크/권한(REMOTE_DIR=$REMOTE_DIR)을 확인하세요."

  : >"$TK_TMP/files-from"
  for w in $CODE_FILES; do printf '%s\n' "${w%/}" >>"$TK_TMP/files-from"; done
  # bash 3.2 + set -u: an empty array cannot be expanded, so the option is always present (a harmless
  # --exclude when there is no previous run)
  local link="--exclude=.slurm-runner-no-link-dest"
  [ -n "${R_prev:-}" ] && link="--link-dest=$REMOTE_DIR/${R_prev}"
  rsync_run push -a -r --files-from="$TK_TMP/files-from" "$link" \
    --exclude=__pycache__ --exclude='*.pyc' --exclude=.DS_Store \
    "$PROJECT_DIR/" "$SLURM_HOST:$run_abs/"
  save_rundir "$PROFILE" "$run_rel"
  count_code_files
  local nfiles=$REPLY
  out_str profile "$PROFILE"
  out_str runDir "$run_rel"
  out_num files "$nfiles"
  out_str manifest "$run_rel/manifest.txt"
  out_str_or_null linkDest "${R_prev:-}"
  PUSH_RUN_REL=$run_rel
  out_str message "Push 완료: $run_rel/ (파일 ${nfiles}개)"
  say "[Push 완료]" \
      "  Profile:  $PROFILE" \
      "  Run dir:  $run_rel/ (코드 ${nfiles}개 파일${R_prev:+, 변경 없는 파일은 ${R_prev}/ 와 하드링크})" \
      "  data:     $run_rel/data → $REMOTE_DIR/data" \
      "  기록:     slurm/jobs/$PROFILE.rundir"
}

# run/full check the container image in push's ssh, before anything is copied (the submit would refuse anyway).
push_wants_image() { if [ "${PUSH_CHECK_IMAGE:-0}" = 1 ] && uses_container; then echo 1; else echo 0; fi; }
push_image_missing() {
  out_str profile "$PROFILE"
  out_str image "$CONTAINER_IMAGE"
  fail image_missing "컨테이너 이미지가 없습니다: $CONTAINER_IMAGE (코드는 보내지 않았습니다)" \
    "→ make slurm-image-refresh 실행 (서버에서 ${CONTAINER_IMAGE##*/} 재빌드) 후 다시 실행하세요."
}
