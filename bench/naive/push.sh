#!/usr/bin/env bash
# naive push: mkdir, symlink, then scp -r every CODE_FILES entry and the rendered sbatch (full copy every time)
export STEP=push
# shellcheck source=bench/naive/common.sh
. "$(dirname "$0")/common.sh"
run_rel="runs/$PROFILE-$(date +%Y%m%d-%H%M%S)"
run_abs="$REMOTE_DIR/$run_rel"
rsh "mkdir -p '$run_abs'"
rsh "ln -sfn '$REMOTE_DIR/data' '$run_abs/data'"
for f in $(profile_value CODE_FILES); do
  f=${f%/}
  parent=$(dirname "$f")
  [ "$parent" = . ] || rsh "mkdir -p '$run_abs/$parent'"
  rcp "$PROJECT_DIR/$f" "$SLURM_HOST:$run_abs/$parent/"
done
tmp=$(mktemp)
sed -e "s|{{JOB_NAME}}|ptj-$PROFILE|g" -e "s|{{PARTITION}}|$(profile_value PARTITION)|g" \
    -e "s|{{ACCOUNT}}|$(profile_value ACCOUNT)|g" -e "s|{{CPUS}}|$(profile_value CPUS)|g" \
    -e "s|{{MEM}}|$(profile_value MEM)|g" -e "s|{{TIME}}|$(profile_value TIME)|g" \
    -e "s|{{REMOTE_DIR}}|$REMOTE_DIR|g" -e "s|{{PROFILE}}|$PROFILE|g" -e "s|{{RUN_DIR}}|$run_abs|g" \
    -e "s|{{SCRIPT}}|$(profile_value SCRIPT)|g" -e "s|{{SCRIPT_ARGS}}|$(profile_value SCRIPT_ARGS)|g" \
    "$PROJECT_DIR/slurm/templates/nocontainer.sbatch" >"$tmp"
rcp "$tmp" "$SLURM_HOST:$run_abs/job.sbatch"
rm -f "$tmp"
rsh "mkdir -p '$REMOTE_DIR/slurm/logs'"
printf '%s\n' "$run_rel" >"$PROJECT_DIR/slurm/jobs/$PROFILE.rundir"
