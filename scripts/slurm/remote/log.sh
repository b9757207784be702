# shellcheck shell=bash
# log: ARGS job_id lines stream(out|err|both)
main() {
  init "$1" "$2"; shift 2
  local id=$1 n=$2 stream=$3 f
  query_jobs "$id"
  # a sweep's array id has no log of its own: show one task's (the first that failed, else the first running,
  # else the first); `make slurm-log JOBID=812_3` picks another
  if [ ! -f "$RD/slurm/logs/$id.out" ] && [ ! -f "$RD/slurm/logs/$id.err" ]; then
    local w t st pick_f="" pick_r="" pick_0=""
    for w in $QJ_STATE; do
      t=${w%%=*}; st=${w#*=}
      case $t in "${id}_"*) ;; *) continue ;; esac
      [ -n "$pick_0" ] || pick_0=$t
      if is_terminal "$st" && [ "$st" != COMPLETED ]; then [ -n "$pick_f" ] || pick_f=$t
      elif [ "$st" = RUNNING ]; then [ -n "$pick_r" ] || pick_r=$t; fi
    done
    t=${pick_f:-${pick_r:-$pick_0}}
    [ -n "$t" ] && { V task "$t"; id=$t; }
  fi
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
