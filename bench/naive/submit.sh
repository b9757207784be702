#!/usr/bin/env bash
# naive submit: check for a running job of the profile, then sbatch, each its own ssh
export STEP=submit
# shellcheck source=bench/naive/common.sh
. "$(dirname "$0")/common.sh"
rsh "squeue -h -n ptj-$PROFILE -o %i" >/dev/null
rsh "test -f '$REMOTE_DIR/$(rundir)/job.sbatch'"
id=$(rsh "cd '$REMOTE_DIR/$(rundir)' && sbatch --parsable job.sbatch")
printf '%s\n' "${id%%;*}" >"$PROJECT_DIR/slurm/jobs/$PROFILE.jobid"
