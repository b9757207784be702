# shellcheck shell=bash
# cancel: ARGS job_id (digits, checked locally and here)
main() {
  init "$1" "$2"; shift 2
  local id=$1 before after out rc i
  case $id in ''|*[!0-9_]*|_*|*_|*_*_*) V scancel_rc 2; V scancel_err "bad id"; done_ ;; esac
  before=$(squeue -h -j "$id" -o '%T' 2>/dev/null | head -n 1)
  [ -n "$before" ] || before=$(sacct -X -P -n -j "$id" -o State 2>/dev/null | head -n 1); before=${before%% *}
  V before "$before"
  [ -n "$before" ] || done_
  if is_terminal "$before"; then V skipped 1; done_; fi
  out=$(scancel "$id" 2>&1); rc=$?
  V scancel_rc "$rc"; V scancel_err "$out"
  for _ in 1 2 3 4 5; do
    # a whole sweep lists one line per task: wait for every one, report CANCELLED when any task was
    after=$(squeue -h -t all -r -j "$id" -o '%T' 2>/dev/null | awk '
      /^(CANCELLED|COMPLETED|FAILED|TIMEOUT|OUT_OF_MEMORY|NODE_FAIL)$/ { if (!end || $0 == "CANCELLED") end = $0; next }
      { active = $0 } END { print (active != "" ? active : end) }')
    case $after in CANCELLED|COMPLETED|FAILED|'') break ;; esac
    sleep 1
  done
  [ -n "$after" ] || after=$(sacct -X -P -n -j "$id" -o State 2>/dev/null | head -n 1)
  # a cancelled pending task of a sweep leaves squeue at once and sacct lists it only inside 812_[3-5]
  case $id:$rc:$after in *_*:0:) after=CANCELLED ;; esac
  V after "${after%% *}"
  done_
}
