# shellcheck shell=bash
# log: ARGS job_id lines stream(out|err|both)
main() {
  init "$1" "$2"; shift 2
  local id=$1 n=$2 stream=$3 f
  query_jobs "$id"
  for f in out err; do
    if [ -f "$RD/slurm/logs/$id.$f" ]; then
      V "${f}_exists" 1
      if [ "$stream" = both ] || [ "$stream" = "$f" ]; then tail -n "$n" "$RD/slurm/logs/$id.$f" | B "$f"; fi
    else
      V "${f}_exists" 0
    fi
  done
  done_
}
