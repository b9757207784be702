# shellcheck shell=bash
# cancel: ARGS job_id (digits, checked locally and here)
main() {
  init "$1" "$2"; shift 2
  local id=$1 before after out rc i
  case $id in ''|*[!0-9]*) V scancel_rc 2; V scancel_err "bad id"; done_ ;; esac
  before=$(squeue -h -j "$id" -o '%T' 2>/dev/null | head -n 1)
  [ -n "$before" ] || before=$(sacct -X -P -n -j "$id" -o State 2>/dev/null | head -n 1); before=${before%% *}
  V before "$before"
  [ -n "$before" ] || done_
  if is_terminal "$before"; then V skipped 1; done_; fi
  out=$(scancel "$id" 2>&1); rc=$?
  V scancel_rc "$rc"; V scancel_err "$out"
  for _ in 1 2 3 4 5; do
    after=$(squeue -h -t all -j "$id" -o '%T' 2>/dev/null | head -n 1)
    case $after in CANCELLED|COMPLETED|FAILED|'') break ;; esac
    sleep 1
  done
  [ -n "$after" ] || after=$(sacct -X -P -n -j "$id" -o State 2>/dev/null | head -n 1)
  V after "${after%% *}"
  done_
}
