#!/usr/bin/env bash
# naive status: squeue for the user, then for every tracked job its own squeue, and sacct when it left the queue
export STEP=status
# shellcheck source=bench/naive/common.sh
. "$(dirname "$0")/common.sh"
rsh "squeue -h -u \$(id -un)" >/dev/null
for f in "$PROJECT_DIR"/slurm/jobs/*.jobid; do
  [ -f "$f" ] || continue
  id=$(cat "$f")
  st=$(rsh "squeue -h -j $id -o %T" 2>/dev/null || true)
  [ -n "$st" ] || st=$(rsh "sacct -X -n -P -j $id -o State")
  printf '%s %s\n' "$id" "$st"
done
