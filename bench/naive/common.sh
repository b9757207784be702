# shellcheck shell=bash
# The naive baseline the bench compares the toolkit against: the same slurm-* steps written the obvious way.
# One ssh per remote command, a fresh connection each time (no ControlMaster), scp -r full copies.
# Env: PROJECT_DIR, REMOTE_DIR, SLURM_HOST, SSH_CONFIG (optional), PROFILE, SLURM_TOOLKIT_TRACE (optional).
set -euo pipefail
: "${PROJECT_DIR:?}" "${REMOTE_DIR:?}" "${SLURM_HOST:?}" "${PROFILE:?}"
SSH_OPTS=(-o BatchMode=yes -o ControlMaster=no -o ControlPath=none)
[ -n "${SSH_CONFIG:-}" ] && SSH_OPTS=(-F "$SSH_CONFIG" "${SSH_OPTS[@]}")
STEP=${STEP:-naive}

trace() { [ -z "${SLURM_TOOLKIT_TRACE:-}" ] || printf '%s naive %s\n' "$1" "$STEP" >>"$SLURM_TOOLKIT_TRACE"; }
# shellcheck disable=SC2029 # the commands are built here on purpose, as a naive script would
rsh() { trace ssh; ssh "${SSH_OPTS[@]}" "$SLURM_HOST" "$@"; }
# scp counts as an ssh invocation that moves files (the bench's "rsync/scp" column)
rcp() { trace rsync; scp -q -r "${SSH_OPTS[@]}" "$@"; }
profile_value() { sed -n "s/^$1=//p" "$PROJECT_DIR/slurm/profiles/$PROFILE.conf" | tail -n 1; }
jobid() { cat "$PROJECT_DIR/slurm/jobs/$PROFILE.jobid"; }
rundir() { cat "$PROJECT_DIR/slurm/jobs/$PROFILE.rundir"; }
