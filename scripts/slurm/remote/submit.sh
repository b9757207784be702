# shellcheck shell=bash
# submit: ARGS run_rel job_name sbatch_text want_image(0/1) image_path [drop_on_refusal(0/1)] [array tasks grid]
# array (make slurm-sweep, e.g. 0-19%10): tasks (one argument line per task) goes to RUN_DIR/sweep/tasks.txt, which
# the template's `set --` line reads, grid (the swept arguments per task) to sweep/grid.txt; sbatch gets --array.
# drop_on_refusal=1 (slurm-run/full: the run dir was pushed by this same command): when sbatch refuses the job
# outright (no job id, not a transient error after which the job may still exist), delete that run dir.
main() {
  init "$1" "$2"; shift 2
  local run_rel=$1 job_name=$2 text=$3 want_image=$4 image=$5 drop=${6:-0} array=${7:-} run out rc real i id wd
  run="$RD/$run_rel"
  if [ ! -d "$run" ]; then V err no_rundir; done_; fi
  if [ "$want_image" = 1 ] && [ ! -f "$image" ]; then V err image_missing; drop_run "$drop" "$run"; done_; fi
  mkdir -p "$RD/slurm/logs"
  printf '%s\n' "$text" >"$run/job.sbatch"
  if [ -n "$array" ]; then mkdir -p "$run/sweep" && printf '%s\n' "$8" >"$run/sweep/tasks.txt" && printf '%s\n' "$9" >"$run/sweep/grid.txt"; fi
  cd "$run" || { V err no_rundir; done_; }
  real=$(pwd -P)
  if [ -n "$array" ]; then out=$(sbatch --parsable --array="$array" job.sbatch 2>&1); rc=$?
  else out=$(sbatch --parsable job.sbatch 2>&1); rc=$?; fi
  if [ $rc -eq 0 ]; then
    id=$(printf '%s\n' "$out" | grep -E '^[0-9]+(;.*)?$' | tail -n 1); id=${id%%;*}
    if [ -n "$id" ]; then V jobid "$id"; done_; fi
  fi
  # transient controller trouble: the job may exist even though sbatch reported an error
  if printf '%s' "$out" | grep -qiE 'socket timed out|unable to contact slurm controller|transient|temporarily unavailable|try again'; then
    for _ in 1 2 3 4 5; do
      sleep 2
      while IFS='|' read -r id wd; do
        if [ -n "$id" ] && { [ "$wd" = "$run" ] || [ "$wd" = "$real" ]; }; then
          V jobid "$id"; V recovered 1; done_
        fi
      done < <(squeue --me -h -t all -n "$job_name" -o '%F|%Z' 2>/dev/null)
    done
    drop=0   # the job may still appear later: keep its run dir
  fi
  V err sbatch
  printf '%s\n' "$out" | B sbatch_err
  drop_run "$drop" "$run"
  done_
}

# drop_run 0|1 DIR: remove the run dir this command pushed, when no job can be using it
drop_run() {
  [ "$1" = 1 ] || return 0
  case $2 in "$RD"/runs/*-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9]) ;; *) return 0 ;; esac
  cd "$RD" || return 0
  rm -rf -- "$2" && V rundir_removed 1
}
