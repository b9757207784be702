# shellcheck shell=bash
# image-install: build (refresh) or import (push) the job container with enroot on local scratch, then install it
# atomically as IMAGE (a temp name next to it, then rename), world-readable, keeping IMAGE.prev as a backup and
# writing the sidecars IMAGE.meta (sha256, size, built, mode, base) and IMAGE.requirements.txt.
# Nothing half-built stays behind: the container, the scratch dir, the temp .sqsh and an uploaded archive are
# removed on success and on every failure (also when ssh drops: HUP/INT/TERM traps).
# ARGS mode(check|check-push|refresh|push) image requirements_text enroot_bin scratch_base base_image archive docker_tag
#      [loader: docker/podman CLI for push; default: docker when its daemon answers, else podman]
# Output: "P text" progress lines, V err <code> / V step / V rc + B logtail on failure, V sha256/size/... on success.

ENROOT_BIN=enroot
# enroot_cmd ARGS...: the ONLY place enroot is called. ENROOT_BIN (an argument of this step) may point at another
# binary; the toolkit's tests point it at a fake that writes a fake .sqsh to test this script's install and cleanup
# logic (that proves nothing about enroot itself).
enroot_cmd() { "$ENROOT_BIN" "$@"; }

P() { printf 'P %s\n' "$*"; }

WORK=""
CNAME=""
TMP_OUT=""
ARCHIVE=""
LOADED_TAG=""
LOADER=""
STEP_T0=$(date +%s)

cleanup() {
  if [ -n "$CNAME" ] && [ -n "$WORK" ] && [ -d "$WORK/data/$CNAME" ]; then
    enroot_cmd remove -f "$CNAME" >/dev/null 2>&1 </dev/null || true
  fi
  if [ -n "$LOADED_TAG" ] && [ -n "$LOADER" ]; then "$LOADER" rmi "$LOADED_TAG" >/dev/null 2>&1 </dev/null || true; fi
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then
    chmod -R u+rwx "$WORK" 2>/dev/null || true
    rm -rf -- "$WORK" 2>/dev/null || true
  fi
  if [ -n "$TMP_OUT" ]; then rm -f -- "$TMP_OUT" "$TMP_OUT.meta" "$TMP_OUT.requirements.txt" 2>/dev/null || true; fi
  if [ -n "$ARCHIVE" ]; then rm -f -- "$ARCHIVE" 2>/dev/null || true; fi
  WORK=""; CNAME=""; TMP_OUT=""; ARCHIVE=""; LOADED_TAG=""
}

# finish: clean up, report whether the scratch dir is gone, end the protocol.
finish() {
  local w=$WORK
  cleanup
  if [ -n "$w" ] && [ ! -e "$w" ]; then V scratch_removed 1; fi
  done_
}

# fail_step NAME RC: a build step failed → its log tail, cleanup, done.
fail_step() {
  V err step_failed
  V step "$1"
  V rc "$2"
  if [ -f "$WORK/build.log" ]; then tail -n 30 "$WORK/build.log" | B logtail; fi
  finish
}

# run_step NAME LABEL CMD...: one build step with a progress line; its output goes to the build log.
run_step() {
  local name=$1 label=$2 rc=0 t0
  shift 2
  t0=$(date +%s)
  P "[$name] $label"
  printf '\n### %s: %s\n' "$name" "$*" >>"$WORK/build.log"
  "$@" >>"$WORK/build.log" 2>&1 </dev/null || rc=$?
  if [ "$rc" -ne 0 ]; then P "[$name] 실패 (exit $rc)"; fail_step "$name" "$rc"; fi
  P "[$name] 완료 ($(( $(date +%s) - t0 ))s)"
}

fs_type() { stat -f -c %T "$1" 2>/dev/null || echo unknown; }

# write_sidecars OUT MODE BASE SHA SIZE REQS_FILE
write_sidecars() {
  local out=$1
  {
    printf 'sha256=%s\n' "$4"
    printf 'size=%s\n' "$5"
    printf 'built=%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    printf 'mode=%s\n' "$2"
    printf 'base=%s\n' "$3"
    printf 'builder=%s@%s\n' "$(id -un 2>/dev/null || echo "?")" "$(hostname 2>/dev/null || echo "?")"
    printf 'enroot=%s\n' "$(enroot_cmd version 2>/dev/null </dev/null | head -n 1)"
  } >"$out.meta"
  cp "$6" "$out.requirements.txt"
  chmod 0644 "$out.meta" "$out.requirements.txt"
}

# install_atomic TMP IMAGE: TMP (+ sidecars) become IMAGE; the old IMAGE (+ sidecars) becomes IMAGE.prev.
# Readers of IMAGE see the old file or the new one, never a partial one (rename on the same file system).
install_atomic() {
  local tmp=$1 image=$2 s
  if [ -f "$image" ]; then
    for s in "" .meta .requirements.txt; do
      [ -f "$image$s" ] || continue
      # hard link = the old image stays in place while the backup name appears; copy if links are not allowed
      ln -f "$image$s" "$image.prev$s.tmp.$$" 2>/dev/null || cp -p "$image$s" "$image.prev$s.tmp.$$" || return 1
      mv -f "$image.prev$s.tmp.$$" "$image.prev$s" || return 1
    done
    V previous "$image.prev"
  fi
  mv -f "$tmp" "$image" || return 1
  mv -f "$tmp.meta" "$image.meta" || return 1
  mv -f "$tmp.requirements.txt" "$image.requirements.txt" || return 1
  return 0
}

main() {
  init "$1" "$2"; shift 2
  local mode=$1 image=$2 reqs=$3 ebin=$4 scratch=$5 base=$6 archive=${7:-} tag=${8:-ptj_stock_lab:latest} loader=${9:-}
  local dir name src sha size fst t
  [ -n "$ebin" ] && ENROOT_BIN=$ebin
  [ "$mode" = push ] && ARCHIVE=$archive
  trap cleanup EXIT
  trap 'exit 129' HUP
  trap 'exit 130' INT
  trap 'exit 143' TERM
  trap 'exit 141' PIPE   # ssh gone: the next progress line fails to write → clean up all the same

  if ! command -v "$ENROOT_BIN" >/dev/null 2>&1; then
    V err enroot_missing; V enroot_bin "$ENROOT_BIN"; finish
  fi
  dir=${image%/*}
  name=${image##*/}
  if ! mkdir -p "$dir" 2>/dev/null || [ ! -w "$dir" ]; then V err image_dir; V detail "not writable: $dir"; finish; fi
  [ -n "$scratch" ] || scratch=${TMPDIR:-/tmp}
  if [ ! -d "$scratch" ] || [ ! -w "$scratch" ]; then V err scratch_failed; V scratch "$scratch"; V detail "no writable directory"; finish; fi
  fst=$(fs_type "$scratch")
  case $fst in
    nfs*|cifs|smb*|lustre|gpfs|fuse.sshfs) V err scratch_nfs; V scratch "$scratch"; V fstype "$fst"; finish ;;
  esac
  if [ "$mode" = push ] || [ "$mode" = check-push ]; then
    # the CLI that loads the uploaded `docker save` archive (enroot cannot read the archive itself)
    if [ -n "$loader" ]; then
      if ! command -v "$loader" >/dev/null 2>&1; then V err no_loader; V detail "$loader"; finish; fi
      LOADER=$loader
    elif command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then LOADER=docker
    elif command -v podman >/dev/null 2>&1; then LOADER=podman
    else V err no_loader; LOADER=""; finish; fi
  fi
  case $mode in check|check-push) V ready 1; V scratch "$scratch"; V fstype "$fst"; finish ;; esac

  # one build at a time per image (flock when the node has it)
  if command -v flock >/dev/null 2>&1; then
    exec 9>>"$dir/.$name.lock"
    if ! flock -n 9; then V err image_busy; V detail "$dir/.$name.lock"; finish; fi
  fi

  if ! WORK=$(mktemp -d "$scratch/ptj-image.XXXXXX" 2>&1); then
    V err scratch_failed; V scratch "$scratch"; V detail "$WORK"; WORK=""; finish
  fi
  mkdir -p "$WORK/data" "$WORK/cache" "$WORK/tmp"
  : >"$WORK/build.log"
  export ENROOT_DATA_PATH="$WORK/data" ENROOT_CACHE_PATH="$WORK/cache" ENROOT_TEMP_PATH="$WORK/tmp"
  CNAME="ptj_stock_lab_build_$$"
  TMP_OUT="$dir/.$name.new.$$"
  printf '%s\n' "$reqs" >"$WORK/$IMAGE_REQ_NAME_REMOTE"
  P "scratch: $WORK ($fst), enroot: $(command -v "$ENROOT_BIN")"

  if [ "$mode" = refresh ]; then
    src="docker://$base"
    run_step import "enroot import $src" enroot_cmd import -o "$WORK/base.sqsh" "$src"
  else
    case ${LOADER##*/} in *podman*) src="podman://$tag" ;; *) src="dockerd://$tag" ;; esac
    run_step load "$LOADER load (전송한 이미지)" "$LOADER" load -i "$ARCHIVE"
    LOADED_TAG=$tag
    rm -f -- "$ARCHIVE"
    run_step import "enroot import $src" enroot_cmd import -o "$WORK/base.sqsh" "$src"
  fi
  run_step create "enroot create $CNAME" enroot_cmd create -n "$CNAME" "$WORK/base.sqsh"
  rm -f -- "$WORK/base.sqsh"
  local rootfs="$ENROOT_DATA_PATH/$CNAME"
  if [ "$mode" = refresh ]; then
    mkdir -p "$rootfs/opt/ptj" && cp "$WORK/$IMAGE_REQ_NAME_REMOTE" "$rootfs/opt/ptj/$IMAGE_REQ_NAME_REMOTE"
    run_step pip "enroot start --root --rw → pip install -r $IMAGE_REQ_NAME_REMOTE" \
      enroot_cmd start --root --rw "$CNAME" pip install --no-cache-dir -r "/opt/ptj/$IMAGE_REQ_NAME_REMOTE"
    # same defaults as the Dockerfile's ENV (enroot reads the image's /etc/environment)
    if [ -d "$rootfs/etc" ]; then
      printf 'PYTHONDONTWRITEBYTECODE=1\nPYTHONUNBUFFERED=1\nMPLBACKEND=Agg\n' >>"$rootfs/etc/environment"
    fi
  elif [ -f "$rootfs/opt/ptj/$IMAGE_REQ_NAME_REMOTE" ]; then
    # pushed image: the requirements it was really built from are the ones the Dockerfile copied in
    cp "$rootfs/opt/ptj/$IMAGE_REQ_NAME_REMOTE" "$WORK/$IMAGE_REQ_NAME_REMOTE"
  fi
  run_step export "enroot export → $TMP_OUT" enroot_cmd export -o "$TMP_OUT" "$CNAME"
  if [ ! -s "$TMP_OUT" ]; then V detail "export produced no file"; fail_step export 0; fi
  chmod 0644 "$TMP_OUT"
  P "[install] sha256 계산 후 $image 로 교체"
  sha=$(sha256sum "$TMP_OUT" | awk '{print $1}')
  size=$(stat -c %s "$TMP_OUT")
  write_sidecars "$TMP_OUT" "$mode" "$src" "$sha" "$size" "$WORK/$IMAGE_REQ_NAME_REMOTE"
  if ! install_atomic "$TMP_OUT" "$image"; then V err step_failed; V step install; V rc 1; finish; fi
  TMP_OUT=""
  chmod a+r "$image" "$image.meta" "$image.requirements.txt" 2>/dev/null
  chmod a+rx "$dir" 2>/dev/null || true
  t=$(date -u -d "@$(stat -c %Y "$image")" +%Y-%m-%dT%H:%M:%SZ)
  V installed 1
  V sha256 "$sha"
  V size "$size"
  V modified "$t"
  P "[install] 완료 ($(( $(date +%s) - STEP_T0 ))s)"
  finish
}

IMAGE_REQ_NAME_REMOTE=requirements-slurm.txt
