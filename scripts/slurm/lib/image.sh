# shellcheck shell=bash
# Container image helpers for the image-* actions (Pyxis + enroot image slurm/images/ptj_stock_lab.sqsh).
# Sourced by actions/image-*.sh only. Local side: bash 3.2 / BSD userland, like the rest of the toolkit.
#
# Variables (environment / make VAR=value, validated here):
#   IMAGE_SCRATCH  absolute path on the SERVER for the build (local disk, not NFS). Default: $TMPDIR or /tmp there.
#   ENROOT_BIN     enroot binary on the server (name or absolute path; default enroot). Tests point it at a fake.
#   BASE_IMAGE     base image for image-refresh (default python:3.10-slim).
#   IMAGE_VERIFY   1 = image-status recomputes the sha256 of the .sqsh instead of trusting the sidecar.
#   DOCKER_TAG     local docker tag for image-build/push (default ptj_stock_lab:latest).
#   IMAGE_LOADER   image-push: docker/podman CLI on the server that loads the archive (default: whichever works).

IMAGE_REQ_NAME=requirements-slurm.txt

image_validate_vars() {
  [ -z "${IMAGE_SCRATCH:-}" ] || { matches "$IMAGE_SCRATCH" "$RE_ABSPATH" && ! has_dotdot "$IMAGE_SCRATCH"; } ||
    bad_value IMAGE_SCRATCH env "absolute path on the server (local disk, e.g. /tmp or /scratch/\$USER)" "$IMAGE_SCRATCH"
  [ -z "${ENROOT_BIN:-}" ] || { matches "$ENROOT_BIN" '^[A-Za-z0-9_./-]+$' && ! has_dotdot "$ENROOT_BIN"; } ||
    bad_value ENROOT_BIN env "a command name or absolute path (e.g. enroot or /usr/bin/enroot)" "$ENROOT_BIN"
  [ -z "${BASE_IMAGE:-}" ] || matches "$BASE_IMAGE" '^[A-Za-z0-9][A-Za-z0-9_./:@-]{0,199}$' ||
    bad_value BASE_IMAGE env "a docker image reference (e.g. python:3.10-slim)" "$BASE_IMAGE"
  [ -z "${DOCKER_TAG:-}" ] || matches "$DOCKER_TAG" '^[a-z0-9][a-z0-9_./-]*(:[A-Za-z0-9_.-]+)?$' ||
    bad_value DOCKER_TAG env "a docker tag (e.g. ptj_stock_lab:latest)" "$DOCKER_TAG"
  [ -z "${IMAGE_LOADER:-}" ] || { matches "$IMAGE_LOADER" '^[A-Za-z0-9_./-]+$' && ! has_dotdot "$IMAGE_LOADER"; } ||
    bad_value IMAGE_LOADER env "docker, podman or an absolute path to one (server side, image-push)" "$IMAGE_LOADER"
  case ${IMAGE_VERIFY:-} in ''|0|1) ;; *) bad_value IMAGE_VERIFY env "1 (or empty)" "$IMAGE_VERIFY" ;; esac
  : "${BASE_IMAGE:=python:3.10-slim}" "${DOCKER_TAG:=ptj_stock_lab:latest}" "${ENROOT_BIN:=enroot}"
  : "${IMAGE_SCRATCH:=}" "${IMAGE_LOADER:=}"
}

# image_setup: everything an image action needs before touching the server.
image_setup() {
  image_validate_vars
  need_remote
  if [ -z "${CONTAINER_IMAGE:-}" ]; then
    out_str key CONTAINER_IMAGE
    fail invalid_variable "CONTAINER_IMAGE 가 설정되지 않았습니다 ($CLUSTER_CONF_USED)" \
      "→ config/cluster.conf 의 CONTAINER_IMAGE 를 절대 경로의 .sqsh 로 설정하세요."
  fi
  IMAGE_PATH=$CONTAINER_IMAGE
  IMAGE_NAME=${IMAGE_PATH##*/}
  out_str image "$IMAGE_PATH"
}

# image_requirements -> REQ_FILE / REQ_TEXT: today's local requirements-slurm.txt.
image_requirements() {
  REQ_FILE="$PROJECT_DIR/$IMAGE_REQ_NAME"
  if [ ! -f "$REQ_FILE" ]; then
    out_str key "$IMAGE_REQ_NAME"
    fail invalid_variable "$IMAGE_REQ_NAME 이 없습니다: $REQ_FILE" \
      "→ 프로젝트 루트에 $IMAGE_REQ_NAME (pip 패키지 목록, 버전 고정) 을 두세요."
  fi
  REQ_TEXT=$(cat "$REQ_FILE")
}

# req_normalize FILE: the requirement lines that matter (no comments/blank lines, trimmed, sorted, unique).
req_normalize() {
  sed -e 's/#.*$//' -e 's/[[:space:]]//g' "$1" | grep -v '^$' | LC_ALL=C sort -u
}

# image_remote_stream STEP SCRIPT ARGS...: like remote_run (one ssh, same prelude and parser), but prints the
# remote "P <text>" progress lines while the step runs (image builds take minutes).
image_remote_stream() {
  local pid rc=0 shown=0
  remote_prepare "$@"
  local nonce=$REMOTE_NONCE qargs=$REMOTE_QARGS
  : >"$TK_TMP/r.out"
  ssh "${SSH_ARGS[@]}" "$SLURM_HOST" "bash -s --$qargs" <"$TK_TMP/remote.sh" >"$TK_TMP/r.out" 2>"$TK_TMP/r.err" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    image_show_progress
  done
  wait "$pid" || rc=$?
  image_show_progress
  [ "$rc" -ne 255 ] && remote_parse "$nonce" && return 0
  remote_answer_failed "$1" "$rc"
}

# image_show_progress: print the P lines that arrived since the last call (uses the caller's `shown`).
image_show_progress() {
  local n line
  n=$(grep -c '^P ' "$TK_TMP/r.out" 2>/dev/null) || n=0
  [ "$n" -gt "$shown" ] || return 0
  grep '^P ' "$TK_TMP/r.out" | sed -n "$((shown + 1)),${n}p" | while IFS= read -r line; do
    progress "  ${line#P }"
  done
  shown=$n
}

# image_install_error: map the install script's V err to the contract's error codes (after image_remote_stream).
image_install_error() {
  local what=$1
  [ -n "${R_step:-}" ] && out_str step "$R_step"
  [ -n "${R_detail:-}" ] && out_str detail "$R_detail"
  if [ -f "$TK_TMP/B.logtail" ]; then
    out_str logTail "$(cat "$TK_TMP/B.logtail")"
    # the text report names the cause too: the build log's last lines, where pip/enroot said what went wrong
    if ! is_json && [ -s "$TK_TMP/B.logtail" ]; then
      say "빌드 로그 마지막 줄 (logTail):"
      tail -n 8 "$TK_TMP/B.logtail" | sed 's/^/    /'
    fi
  fi
  out_bool previousKept true
  case ${R_err:-} in
    enroot_missing)
      out_str enrootBin "${R_enroot_bin:-$ENROOT_BIN}"
      out_bool previousKept true
      fail enroot_missing "서버($SLURM_HOST)에 enroot 가 없습니다 (찾은 명령: ${R_enroot_bin:-$ENROOT_BIN}). 이 서버에서는 컨테이너 이미지를 만들 수 없습니다." \
        "→ Pyxis/enroot 가 설치된 로그인 노드인지 확인하세요 (ssh $SLURM_HOST 'command -v enroot'). 다른 경로에 있으면 ENROOT_BIN=/경로/enroot 로 지정하세요." ;;
    image_busy)
      fail image_busy "다른 이미지 작업이 진행 중입니다 (${R_detail:-lock})." \
        "→ 진행 중인 작업이 끝난 뒤 make slurm-image-status 로 확인하고 필요하면 다시 실행하세요." ;;
    scratch_nfs)
      out_str scratch "${R_scratch:-}"
      fail image_build_failed "빌드용 임시 경로 ${R_scratch:-} 가 NFS(${R_fstype:-?}) 위에 있습니다. enroot 는 로컬 디스크에서 빌드해야 합니다." \
        "→ IMAGE_SCRATCH=/tmp (또는 노드의 로컬 스크래치 경로) 로 다시 실행하세요. 기존 이미지는 그대로입니다." ;;
    scratch_failed)
      out_str scratch "${R_scratch:-}"
      fail image_build_failed "빌드용 임시 디렉토리를 만들 수 없습니다: ${R_scratch:-} (${R_detail:-})" \
        "→ 서버의 디스크 공간과 IMAGE_SCRATCH 경로를 확인하세요. 기존 이미지는 그대로입니다." ;;
    image_dir)
      fail image_build_failed "이미지 디렉토리에 쓸 수 없습니다: ${IMAGE_PATH%/*} (${R_detail:-})" \
        "→ 서버에서 slurm/images/ 권한과 디스크 공간을 확인하세요. 기존 이미지는 그대로입니다." ;;
    no_loader)
      fail image_build_failed "서버에 docker/podman 이 없어 전송한 이미지를 enroot 로 가져올 수 없습니다 (enroot import 는 docker://, dockerd://, podman:// 만 지원)." \
        "→ 서버에서 직접 빌드하는 make slurm-image-refresh 를 쓰세요. 기존 이미지는 그대로입니다." ;;
    step_failed)
      fail image_build_failed "$what 실패: ${R_step:-?} 단계 (exit ${R_rc:-?}). 만들던 컨테이너와 임시 파일은 지웠고 기존 이미지는 그대로입니다." \
        "→ logTail 의 마지막 줄을 확인하세요 (pip 패키지 이름/버전, 네트워크, 디스크 공간). 고친 뒤 make slurm-image-refresh." ;;
  esac
  fail internal "$what: 서버 응답을 해석하지 못했습니다." "→ make slurm-image-status 로 이미지 상태를 확인하세요."
}

# image_install_report WHAT: ok report after an install (R_* from the install script).
image_install_report() {
  local what=$1
  out_str image "$IMAGE_PATH"
  out_num size "${R_size:-0}"
  out_str sha256 "${R_sha256:-}"
  out_str modified "${R_modified:-}"
  out_str_or_null previous "${R_previous:-}"
  out_flag scratchRemoved "${R_scratch_removed:-0}"
  out_str message "$what 완료: $IMAGE_NAME ($(human_size "${R_size:-0}"), sha256 ${R_sha256:0:12}…)"
  say "[이미지 설치 완료] $what" \
      "  Image:   $IMAGE_PATH" \
      "  Size:    $(human_size "${R_size:-0}")" \
      "  sha256:  ${R_sha256:-?}" \
      "  Built:   ${R_modified:-?}" \
      "  Backup:  ${R_previous:-(이전 이미지 없음)}" \
      "" \
      "  다음 Job 부터 새 이미지를 씁니다. 확인: make slurm-image-status"
}

# human_size BYTES -> stdout
human_size() {
  awk -v b="${1:-0}" 'BEGIN { split("B KB MB GB TB", u, " "); i = 1; while (b >= 1024 && i < 5) { b /= 1024; i++ }
    if (i == 1) printf "%d %s", b, u[i]; else printf "%.1f %s", b, u[i] }'
}

# need_docker: local docker (+ buildx) or docker_missing.
need_docker() {
  if ! command -v docker >/dev/null 2>&1; then
    fail docker_missing "이 컴퓨터에 Docker 가 없습니다 (docker 명령을 찾을 수 없음)." \
      "→ Docker Desktop 없이 서버에서 직접 이미지를 다시 만드는 make slurm-image-refresh 를 쓰세요."
  fi
  if ! docker info >/dev/null 2>&1; then
    fail docker_missing "Docker 데몬에 연결할 수 없습니다 (Docker Desktop 이 꺼져 있을 수 있음)." \
      "→ Docker 를 켜거나, 서버에서 직접 빌드하는 make slurm-image-refresh 를 쓰세요."
  fi
}
