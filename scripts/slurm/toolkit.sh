#!/usr/bin/env bash
# Summary: entry point of the make slurm-* toolkit; runs one action script
# Usage: toolkit.sh <action>     (variables come from the environment: PROFILE, JOBID, OUTPUT=json, ...)
#        toolkit.sh help
#
# The Makefile calls this for every slurm-* target. It validates every variable, loads the cluster config and
# sources scripts/slurm/actions/<action>.sh, whose do_<action> function does the work and reports
# (Korean text, or one JSON object as the last stdout line with OUTPUT=json). See docs/contracts.md.
set -u
set -o pipefail

# Resolve our own directory without GNU readlink -f (macOS).
TK_SELF=$0
while [ -L "$TK_SELF" ]; do
  link=$(readlink "$TK_SELF")
  case $link in /*) TK_SELF=$link ;; *) TK_SELF=$(dirname "$TK_SELF")/$link ;; esac
done
TK_DIR=$(cd "$(dirname "$TK_SELF")" && pwd -P)

. "$TK_DIR/lib/common.sh"
. "$TK_DIR/lib/config.sh"
. "$TK_DIR/lib/render.sh"
. "$TK_DIR/lib/remote.sh"
. "$TK_DIR/lib/jobs.sh"

ACTION=${1:-help}

tk_help() {
  local f name summary
  printf 'make slurm-<action> 의 action 목록:\n'
  for f in "$TK_DIR"/actions/*.sh; do
    name=${f##*/}; name=${name%.sh}
    summary=$(sed -n 's/^# Summary: //p' "$f" | head -n 1)
    printf '  %-14s %s\n' "$name" "$summary"
  done
}

case $ACTION in
  help|-h|--help) tk_help; exit 0 ;;
esac

if ! matches "$ACTION" '^[a-z][a-z-]*$' || [ ! -f "$TK_DIR/actions/$ACTION.sh" ]; then
  OUTPUT=${OUTPUT:-}
  [ "$OUTPUT" = json ] || OUTPUT=""
  fail internal "알 수 없는 action: $ACTION" "→ scripts/slurm/toolkit.sh help"
fi

TK_TMP=$(mktemp -d "${TMPDIR:-/tmp}/slurm-tk.XXXXXX") || { echo "mktemp failed" >&2; exit 1; }
trap 'rm -rf "$TK_TMP"' EXIT
trap 'exit 130' INT TERM

: "${PROJECT_DIR:=$(pwd -P)}"
LINES_SET=${LINES:-}
OUTPUT=${OUTPUT:-}
validate_request_vars
load_cluster
JOBS_DIR="$PROJECT_DIR/slurm/jobs"
LOGS_DIR="$PROJECT_DIR/slurm/logs"

action_file() { printf '%s/actions/%s.sh' "$TK_DIR" "$1"; }
# shellcheck source=/dev/null
. "$(action_file "$ACTION")"
"do_${ACTION//-/_}"
finish_ok
