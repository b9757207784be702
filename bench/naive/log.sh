#!/usr/bin/env bash
# naive log: tail of .out and of .err, one ssh each
export STEP=log
# shellcheck source=bench/naive/common.sh
. "$(dirname "$0")/common.sh"
id=$(jobid)
rsh "tail -n 50 '$REMOTE_DIR/slurm/logs/$id.out'"
rsh "tail -n 20 '$REMOTE_DIR/slurm/logs/$id.err'" || true
