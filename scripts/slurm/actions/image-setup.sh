# Summary: image-build + image-push in one step (first setup; needs Docker)
# Usage: make slurm-image-setup [DOCKER_TAG=ptj_stock_lab:latest] [OUTPUT=json]
# shellcheck source=/dev/null
. "$TK_DIR/lib/image.sh"
# shellcheck source=/dev/null
. "$TK_DIR/actions/image-build.sh"
# shellcheck source=/dev/null
. "$TK_DIR/actions/image-push.sh"

do_image_setup() {
  image_build_local
  image_push_local
}
