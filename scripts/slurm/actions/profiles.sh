# Summary: list the profiles in slurm/profiles/*.conf
# Usage: make slurm-profiles [OUTPUT=json]
#
# No ssh. Each profile is parsed and validated; a broken one is listed with its problem.

do_profiles() {
  local names n acc="" line
  names=$(profiles_list)
  say "[Profile 목록] (slurm/profiles/*.conf)"
  [ -n "$names" ] || say "  (없음)"
  for n in $names; do
    # parse each profile in a subshell so one broken file does not stop the list
    line=$( (PROFILE=$n; OUTPUT=json; load_profile >/dev/null 2>&1 || exit 1
             json_str "$n"; local o="{\"name\":$REPLY"
             json_str "$SCRIPT"; o="$o,\"script\":$REPLY,\"cpus\":$CPUS"
             json_str "$MEM"; o="$o,\"mem\":$REPLY"
             json_str "$TIME"; o="$o,\"time\":$REPLY"
             json_str "$DESCRIPTION"; o="$o,\"description\":$REPLY}"
             printf '%s\t%s\n' "$o" "$(printf '%-20s %-40s %s CPU, %s RAM, %s  %s' "$n" "$SCRIPT" "$CPUS" "$MEM" "$TIME" "$DESCRIPTION")") )
    if [ -n "$line" ]; then
      acc="${acc:+$acc,}${line%%	*}"
      say "  ${line#*	}"
    else
      json_str "$n"
      acc="${acc:+$acc,}{\"name\":$REPLY,\"invalid\":true}"
      say "  $n  (⚠️ 잘못된 설정: make slurm-show PROFILE=$n 로 확인)"
    fi
  done
  out_raw profiles "[$acc]"
  local count=0
  for n in $names; do count=$((count + 1)); done
  out_str message "사용 가능한 Profile ${count}개"
}
