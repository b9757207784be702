# shellcheck shell=bash
# image-status: ARGS image verify(0/1)
# V exists 0/1, size, modified (UTC ISO), sha256 (+ sha_source meta|computed, verified match|mismatch|skipped),
# meta_* from IMAGE.meta, B requirements (IMAGE.requirements.txt), V has_requirements, V prev_exists.
main() {
  init "$1" "$2"; shift 2
  local image=$1 verify=${2:-0} meta_sha="" sha="" k v
  if [ ! -f "$image" ]; then
    V exists 0
    [ -f "$image.prev" ] && V prev_exists 1
    done_
  fi
  V exists 1
  V readable "$( [ -r "$image" ] && echo 1 || echo 0 )"
  V world_readable "$( [ -n "$(find "$image" -maxdepth 0 -perm -o+r 2>/dev/null)" ] && echo 1 || echo 0 )"
  V size "$(stat -c %s "$image")"
  V modified "$(date -u -d "@$(stat -c %Y "$image")" +%Y-%m-%dT%H:%M:%SZ)"
  if [ -f "$image.meta" ]; then
    while IFS='=' read -r k v; do
      case $k in sha256|built|mode|base|builder|enroot) V "meta_$k" "$v" ;; esac
      [ "$k" = sha256 ] && meta_sha=$v
    done <"$image.meta"
  fi
  if [ "$verify" = 1 ] || [ -z "$meta_sha" ]; then
    sha=$(sha256sum "$image" | awk '{print $1}')
    V sha256 "$sha"; V sha_source computed
    if [ -z "$meta_sha" ]; then V verified skipped
    elif [ "$sha" = "$meta_sha" ]; then V verified match
    else V verified mismatch; fi
  else
    V sha256 "$meta_sha"; V sha_source meta; V verified skipped
  fi
  if [ -f "$image.requirements.txt" ]; then
    V has_requirements 1
    B requirements <"$image.requirements.txt"
  else
    V has_requirements 0
  fi
  [ -f "$image.prev" ] && V prev_exists 1
  done_
}
