# Summary: send the local docker image to the server and enroot import it there (atomic install)
# Usage: make slurm-image-push [DOCKER_TAG=ptj_stock_lab:latest] [IMAGE_SCRATCH=/local/scratch] [OUTPUT=json]
#
# docker save → 1 ssh (check enroot + docker/podman on the server, scratch not NFS) → 1 rsync of the archive to
# IMAGE_SCRATCH → 1 ssh (image-install.sh push: docker|podman load, enroot import dockerd://|podman://, create,
# export, same atomic install and sidecars as image-refresh; the archive is deleted in every case).
# shellcheck source=/dev/null
. "$TK_DIR/lib/image.sh"

image_push_local() {
  image_validate_vars
  need_docker
  image_setup
  image_requirements
  if ! docker image inspect "$DOCKER_TAG" >/dev/null 2>&1; then
    out_str tag "$DOCKER_TAG"
    fail image_missing "로컬 Docker 이미지 $DOCKER_TAG 가 없습니다." \
      "→ make slurm-image-build 로 먼저 빌드하세요 (또는 make slurm-image-setup = build + push)."
  fi
  image_remote_stream image-push-check image-install check-push "$IMAGE_PATH" "" "$ENROOT_BIN" "$IMAGE_SCRATCH" "" "" \
    "$DOCKER_TAG" "$IMAGE_LOADER"
  [ "${R_ready:-0}" = 1 ] || image_install_error "image-push"
  local scratch=${R_scratch:-/tmp} remote_tar
  remote_tar="$scratch/ptj_stock_lab-upload.$(now_stamp).$$.tar"
  progress "[image-push] docker save $DOCKER_TAG"
  if ! docker save -o "$TK_TMP/image.tar" "$DOCKER_TAG" 2>"$TK_TMP/docker.err"; then
    out_str detail "$(tail -n 1 "$TK_TMP/docker.err")"
    fail image_build_failed "docker save 실패: $DOCKER_TAG" "→ docker images 로 이미지를 확인하세요."
  fi
  progress "[image-push] rsync → $SLURM_HOST:$remote_tar"
  need_rsync
  rsync_run image-push "$TK_TMP/image.tar" "$SLURM_HOST:$remote_tar"
  rm -f "$TK_TMP/image.tar"
  image_remote_stream image-push image-install push "$IMAGE_PATH" "$REQ_TEXT" "$ENROOT_BIN" "$scratch" "" "$remote_tar" \
    "$DOCKER_TAG" "$IMAGE_LOADER"
  [ "${R_installed:-0}" = 1 ] || image_install_error "image-push"
  out_str tag "$DOCKER_TAG"
  image_install_report "image-push"
}

do_image_push() { image_push_local; }
