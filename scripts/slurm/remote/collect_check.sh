# shellcheck shell=bash
# collect (check): ARGS job_id run_rel(or empty) results_pull...
main() {
  init "$1" "$2"; shift 2
  local id=$1 run_rel=$2 p state
  shift 2
  query_jobs "$id"
  state=$(qstate "$id")
  [ -n "$state" ] && is_terminal "$state" && V exit "$(exit_code "$id")"
  for p in "$@"; do
    [ -d "$RD/${p%/}" ] && L present "$p"
  done
  for p in out err; do
    [ -f "$RD/slurm/logs/$id.$p" ] && L present "slurm/logs/$id.$p"
  done
  # a sweep: every task's logs (ARRAYID_INDEX.out|err), in the same one rsync
  for p in "$RD/slurm/logs/${id}"_*.out "$RD/slurm/logs/${id}"_*.err; do
    [ -f "$p" ] && L present "slurm/logs/${p##*/}"
  done
  if [ -n "$run_rel" ] && [ -d "$RD/$run_rel" ]; then V rundir_exists 1; else V rundir_exists 0; fi
  # the run dir this job actually ran in (its work dir), which may differ from .rundir after a later push
  local wd real_rd
  wd=$(qworkdir "$id"); real_rd=$(readlink -f "$RD")
  case $wd in
    "$RD"/runs/*|"$real_rd"/runs/*)
      wd="runs/${wd##*/runs/}"
      V job_rundir "$wd"
      if [ -d "$RD/$wd" ]; then V job_rundir_exists 1; else V job_rundir_exists 0; fi ;;
  esac
  done_
}
