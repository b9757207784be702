# Summary: rebuild slurm/images/ptj_stock_lab.sqsh on the server with enroot (no Docker needed)
# Usage: make slurm-image-refresh [IMAGE_SCRATCH=/local/scratch] [BASE_IMAGE=python:3.10-slim] [ENROOT_BIN=enroot] [OUTPUT=json]
#
# 1 ssh (scripts/slurm/remote/image-install.sh, with requirements-slurm.txt sent along):
# enroot import docker://BASE_IMAGE → enroot create → enroot start --root --rw … pip install -r requirements-slurm.txt
# → enroot export to a temp name next to the image → atomic rename, a+r, previous image kept as .sqsh.prev,
# sidecars .sqsh.meta (sha256) and .sqsh.requirements.txt (what it was built from). Built on local scratch
# (ENROOT_DATA_PATH/ENROOT_CACHE_PATH/ENROOT_TEMP_PATH under IMAGE_SCRATCH, not NFS); scratch and the temp
# container are removed on success and failure.
# shellcheck source=/dev/null
. "$TK_DIR/lib/image.sh"

do_image_refresh() {
  image_setup
  image_requirements
  progress "[image-refresh] $SLURM_HOST: $BASE_IMAGE + $IMAGE_REQ_NAME → $IMAGE_PATH (몇 분 걸립니다)"
  image_remote_stream image-refresh image-install refresh "$IMAGE_PATH" "$REQ_TEXT" "$ENROOT_BIN" \
    "$IMAGE_SCRATCH" "$BASE_IMAGE" "" "$DOCKER_TAG"
  [ "${R_installed:-0}" = 1 ] || image_install_error "image-refresh"
  out_str base "$BASE_IMAGE"
  image_install_report "image-refresh"
}
