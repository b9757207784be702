# Summary: the image on the server: exists, size, date, sha256, built from today's requirements-slurm.txt? (stale)
# Usage: make slurm-image-status [IMAGE_VERIFY=1] [OUTPUT=json]
#
# 1 ssh. sha256 comes from the sidecar IMAGE.meta written at install (IMAGE_VERIFY=1 recomputes it and compares).
# stale = the requirements the image was built from (IMAGE.requirements.txt) differ from today's local
# requirements-slurm.txt (comments, blanks and order ignored), or the image has no build record.
# JSON keys: ok, image, exists, size, modified, sha256, stale, requirementsDiff (+ staleReason, verified, built, base).
# shellcheck source=/dev/null
. "$TK_DIR/lib/image.sh"

do_image_status() {
  image_setup
  image_requirements
  local verify=0
  [ "${IMAGE_VERIFY:-}" = 1 ] && verify=1
  remote_run image-status image-status "$IMAGE_PATH" "$verify"
  if [ "${R_exists:-0}" != 1 ]; then
    out_bool exists false
    out_raw size null; out_raw modified null; out_raw sha256 null
    out_bool stale true
    out_str staleReason missing
    out_raw requirementsDiff "[]"
    out_flag previousExists "${R_prev_exists:-0}"
    out_str message "⚠️ 서버에 컨테이너 이미지가 없습니다: $IMAGE_PATH"
    out_str hint "→ make slurm-image-refresh 실행 (서버에서 ${IMAGE_PATH##*/} 재빌드)"
    say "⚠️ 서버에 컨테이너 이미지가 없습니다: $IMAGE_PATH" "→ make slurm-image-refresh 실행 (서버에서 ${IMAGE_PATH##*/} 재빌드)"
    return 0
  fi
  local stale=false reason="" diff_file="$TK_TMP/req.diff"
  : >"$diff_file"
  if [ "${R_has_requirements:-0}" = 1 ] && [ -f "$TK_TMP/B.requirements" ]; then
    req_normalize "$TK_TMP/B.requirements" >"$TK_TMP/req.image"
    req_normalize "$REQ_FILE" >"$TK_TMP/req.local"
    # "+line" = in today's requirements-slurm.txt but not in the image, "-line" = only in the image
    { LC_ALL=C comm -13 "$TK_TMP/req.image" "$TK_TMP/req.local" | sed 's/^/+/'
      LC_ALL=C comm -23 "$TK_TMP/req.image" "$TK_TMP/req.local" | sed 's/^/-/'; } >"$diff_file"
    if [ -s "$diff_file" ]; then stale=true; reason=requirements_changed; fi
  else
    stale=true; reason=no_build_record
  fi
  if [ "${R_verified:-}" = mismatch ]; then stale=true; reason=sha256_mismatch; fi
  json_array_of_lines "$diff_file"
  local diff_json=$REPLY
  out_bool exists true
  out_num size "${R_size:-0}"
  out_str modified "${R_modified:-}"
  out_str sha256 "${R_sha256:-}"
  out_bool stale "$stale"
  out_raw requirementsDiff "$diff_json"
  out_str_or_null staleReason "$reason"
  out_str verified "${R_verified:-skipped}"
  out_str_or_null built "${R_meta_built:-}"
  out_str_or_null base "${R_meta_base:-}"
  out_flag worldReadable "${R_world_readable:-0}"
  out_flag previousExists "${R_prev_exists:-0}"
  local hs warn=""
  hs=$(human_size "${R_size:-0}")
  case $reason in
    requirements_changed) warn="⚠️ 이미지가 오래되었습니다: 오늘의 $IMAGE_REQ_NAME 과 이미지가 만들어진 패키지 목록이 다릅니다 ($(tr '\n' ' ' <"$diff_file" | sed 's/ $//'))." ;;
    no_build_record) warn="⚠️ 이 이미지에는 빌드 기록(${IMAGE_NAME}.requirements.txt)이 없어 최신인지 알 수 없습니다." ;;
    sha256_mismatch) warn="⚠️ 이미지의 sha256 이 설치 기록과 다릅니다 (파일이 바뀌었거나 손상됨)." ;;
  esac
  if [ "$stale" = true ]; then
    out_str message "$warn"
    out_str hint "→ make slurm-image-refresh 로 이미지를 다시 만드세요."
  else
    out_str message "이미지 최신: $IMAGE_NAME ($hs, ${R_modified:-?}, sha256 ${R_sha256:0:12}…)"
  fi
  say "[컨테이너 이미지] $IMAGE_PATH" \
      "  크기:     $hs" \
      "  수정:     ${R_modified:-?}" \
      "  sha256:   ${R_sha256:-?} (${R_sha_source:-?}${R_verified:+, 검증 $R_verified})" \
      "  빌드:     ${R_meta_built:-기록 없음}${R_meta_base:+ ($R_meta_base)}"
  if [ "$stale" = true ]; then
    say "" "$warn"
    [ -s "$diff_file" ] && say "  차이 (+오늘 requirements, -이미지):" "$(sed 's/^/    /' "$diff_file")"
    say "→ make slurm-image-refresh 로 이미지를 다시 만드세요."
  else
    say "  상태:     최신 (오늘의 $IMAGE_REQ_NAME 과 같음)"
  fi
}
