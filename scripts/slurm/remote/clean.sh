# shellcheck shell=bash
# clean: ARGS confirm(0/1). Lists runs/*/ (run-dir names only); spares dirs an active job works in; deletes the
# rest when confirm=1.
main() {
  init "$1" "$2"; shift 2
  local confirm=$1 out rc id state wd d name real active=""
  out=$(squeue --me -h -o '%i|%T|%Z' 2>&1); rc=$?
  if [ $rc -ne 0 ]; then V squeue_ok 0; V squeue_err "$(printf '%s' "$out" | tail -n 1)"; done_; fi
  V squeue_ok 1
  while IFS='|' read -r id state wd; do
    [ -n "$id" ] || continue
    is_terminal "$state" && continue
    active="$active$(readlink -f "$wd" 2>/dev/null || printf '%s' "$wd")|$id|$state
"
  done <<<"$out"
  for d in "$RD"/runs/*-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9]; do
    if [ ! -d "$d" ] || [ -L "$d" ]; then continue; fi
    name="runs/${d##*/}"
    real=$(readlink -f "$d")
    local hit
    hit=$(printf '%s' "$active" | grep -F "$real|" | head -n 1)
    if [ -n "$hit" ] && [ "${hit%%|*}" = "$real" ]; then
      hit=${hit#*|}
      L spared "$name|${hit%%|*}|${hit#*|}"
      continue
    fi
    L target "$name"
    if [ "$confirm" = 1 ]; then rm -rf -- "$d"; fi
  done
  done_
}
