# shellcheck shell=bash
# submit: ARGS run_rel job_name sbatch_text want_image(0/1) image_path
main() {
  init "$1" "$2"; shift 2
  local run_rel=$1 job_name=$2 text=$3 want_image=$4 image=$5 run out rc real i id wd
  run="$RD/$run_rel"
  if [ ! -d "$run" ]; then V err no_rundir; done_; fi
  if [ "$want_image" = 1 ] && [ ! -f "$image" ]; then V err image_missing; done_; fi
  mkdir -p "$RD/slurm/logs"
  printf '%s\n' "$text" >"$run/job.sbatch"
  cd "$run" || { V err no_rundir; done_; }
  real=$(pwd -P)
  out=$(sbatch --parsable job.sbatch 2>&1); rc=$?
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
      done < <(squeue --me -h -t all -n "$job_name" -o '%i|%Z' 2>/dev/null)
    done
  fi
  V err sbatch
  printf '%s\n' "$out" | B sbatch_err
  done_
}
