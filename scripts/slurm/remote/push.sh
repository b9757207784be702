# shellcheck shell=bash
# push: ARGS run_rel profile manifest_text [want_image(0/1) image_path]
main() {
  init "$1" "$2"; shift 2
  local run_rel=$1 profile=$2 manifest=$3 prev="" d
  if [ "${4:-0}" = 1 ] && [ ! -f "${5:-}" ]; then V err image_missing; done_; fi
  mkdir -p "$RD/runs" "$RD/data" "$RD/slurm/logs" 2>/dev/null || { V ok 0; V err "mkdir $RD 실패"; done_; }
  if [ -e "$RD/$run_rel" ]; then V exists 1; done_; fi
  # previous run of the same profile (newest by name = by timestamp), for rsync --link-dest
  for d in "$RD"/runs/"$profile"-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9]; do
    [ -d "$d" ] && prev="runs/${d##*/}"
  done
  if ! mkdir "$RD/$run_rel" 2>/dev/null; then V ok 0; V err "mkdir $run_rel 실패"; done_; fi
  ln -sfn "$RD/data" "$RD/$run_rel/data"
  printf '%s\n' "$manifest" >"$RD/$run_rel/manifest.txt"
  V prev "$prev"
  V ok 1
  done_
}
