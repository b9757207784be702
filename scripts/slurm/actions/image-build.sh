# Summary: build the job container locally: docker buildx build --platform linux/amd64 (needs Docker)
# Usage: make slurm-image-build [DOCKER_TAG=ptj_stock_lab:latest] [OUTPUT=json]
#
# No ssh. Without Docker (the seed's Mac has no Docker Desktop) → docker_missing pointing to make slurm-image-refresh.
# shellcheck source=/dev/null
. "$TK_DIR/lib/image.sh"

image_build_local() {
  image_validate_vars
  need_docker
  image_requirements
  if [ ! -f "$PROJECT_DIR/Dockerfile" ]; then
    fail internal "Dockerfile 이 없습니다: $PROJECT_DIR/Dockerfile" "→ 프로젝트 루트의 Dockerfile 을 확인하세요."
  fi
  if ! docker buildx version >/dev/null 2>&1; then
    fail docker_missing "docker buildx 를 쓸 수 없습니다 (linux/amd64 빌드에 필요)." \
      "→ Docker Desktop/buildx 를 설치하거나, 서버에서 직접 빌드하는 make slurm-image-refresh 를 쓰세요."
  fi
  progress "[image-build] docker buildx build --platform linux/amd64 -t $DOCKER_TAG $PROJECT_DIR"
  local rc=0
  docker buildx build --platform linux/amd64 --load -t "$DOCKER_TAG" -f "$PROJECT_DIR/Dockerfile" "$PROJECT_DIR" \
    >"$TK_TMP/docker.log" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ]; then
    out_str logTail "$(tail -n 30 "$TK_TMP/docker.log")"
    out_str detail "$(grep -v '^[[:space:]]*$' "$TK_TMP/docker.log" | tail -n 1)"
    fail image_build_failed "docker buildx build 실패 (exit $rc)." \
      "→ logTail 의 마지막 줄을 확인하세요. Docker 없이 서버에서 빌드하려면 make slurm-image-refresh."
  fi
  out_str tag "$DOCKER_TAG"
  out_str platform linux/amd64
}

do_image_build() {
  image_build_local
  out_str message "로컬 이미지 빌드 완료: $DOCKER_TAG (linux/amd64). 서버로 보내기: make slurm-image-push"
  say "[이미지 빌드 완료] $DOCKER_TAG (linux/amd64)" "  다음 단계: make slurm-image-push (서버로 전송 + enroot import)"
}
