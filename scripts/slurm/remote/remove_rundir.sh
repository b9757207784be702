# shellcheck shell=bash
# collect (remove): ARGS run_rel. Deletes exactly that run dir, unless an active job runs in it.
main() {
  init "$1" "$2"; shift 2
  local run_rel=$1 out rc real id state wd
  case $run_rel in
    runs/*-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9]) ;;
    *) V removed 0; V err "bad run dir"; done_ ;;
  esac
  case $run_rel in */*/*|*..*) V removed 0; V err "bad run dir"; done_ ;; esac
  [ -d "$RD/$run_rel" ] || { V removed 0; V err missing; done_; }
  real=$(readlink -f "$RD/$run_rel")
  out=$(squeue --me -h -o '%i|%T|%Z' 2>&1); rc=$?
  if [ $rc -ne 0 ]; then V removed 0; V err "squeue: $out"; done_; fi
  while IFS='|' read -r id state wd; do
    [ -n "$id" ] || continue
    is_terminal "$state" && continue
    if [ "$wd" = "$RD/$run_rel" ] || [ "$(readlink -f "$wd" 2>/dev/null)" = "$real" ]; then V spared "$id"; V removed 0; done_; fi
  done <<<"$out"
  rm -rf -- "${RD:?}/$run_rel" && V removed 1
  done_
}
