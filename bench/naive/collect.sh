#!/usr/bin/env bash
# naive collect: check the state, scp -r the results and each log, then delete the run dir
export STEP=collect
# shellcheck source=bench/naive/common.sh
. "$(dirname "$0")/common.sh"
id=$(jobid)
st=$(rsh "squeue -h -j $id -o %T" 2>/dev/null || true)
case $st in RUNNING|PENDING) echo "job $id still $st" >&2; exit 1 ;; esac
rsh "sacct -X -n -P -j $id -o State" >/dev/null
for r in $(profile_value RESULTS_PULL); do
  r=${r%/}
  mkdir -p "$PROJECT_DIR/$(dirname "$r")"
  rcp "$SLURM_HOST:$REMOTE_DIR/$r" "$PROJECT_DIR/$(dirname "$r")/"
done
mkdir -p "$PROJECT_DIR/slurm/logs"
rcp "$SLURM_HOST:$REMOTE_DIR/slurm/logs/$id.out" "$PROJECT_DIR/slurm/logs/"
rcp "$SLURM_HOST:$REMOTE_DIR/slurm/logs/$id.err" "$PROJECT_DIR/slurm/logs/"
rsh "rm -rf '$REMOTE_DIR/$(rundir)'"
rm -f "$PROJECT_DIR/slurm/jobs/$PROFILE.rundir"
