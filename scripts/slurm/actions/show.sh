# Summary: profile card ([Profile 확인]) and local tracking of one profile
# Usage: make slurm-show PROFILE=name [OUTPUT=json]
#
# No ssh. Reads slurm/profiles/PROFILE.conf (env overrides applied) and slurm/jobs/PROFILE.jobid|.rundir.

# profile_card: the seed's [Profile 확인] block
profile_card() {
  local container
  if [ "$CONTAINER" = yes ]; then
    container=${CONTAINER_IMAGE##*/}
    [ "$CONTAINER_RUNTIME" = none ] && container="$container (CONTAINER_RUNTIME=none: 컨테이너 없이 실행)"
  else
    container="없음 (CONTAINER=no)"
  fi
  count_code_files
  say "[Profile 확인]" \
      "  Script:    $SCRIPT${SCRIPT_ARGS:+ $SCRIPT_ARGS}" \
      "  Resources: $CPUS CPU, $MEM RAM, $TIME" \
      "  Partition: $PARTITION" \
      "  Account:   $ACCOUNT" \
      "  Container: $container" \
      "  Code:      $REPLY files" \
      "  Results:   ${RESULTS_PULL:-(없음)}"
}

profile_json() {
  out_str profile "$PROFILE"
  out_str description "$DESCRIPTION"
  out_resources
  out_str args "$SCRIPT_ARGS"
  template_name
  out_str template "$REPLY"
  local w acc=""
  for w in $CODE_FILES; do json_str "$w"; acc="${acc:+$acc,}$REPLY"; done
  out_raw codeFiles "[$acc]"
  count_code_files
  out_num codeFileCount "$REPLY"
  acc=""
  for w in $RESULTS_PULL; do json_str "$w"; acc="${acc:+$acc,}$REPLY"; done
  out_raw results "[$acc]"
}

do_show() {
  load_profile
  profile_card
  profile_json
  local jid rd
  tracked_jobid "$PROFILE"; jid=$REPLY
  tracked_rundir "$PROFILE"; rd=$REPLY
  out_str_or_null trackedJobId "$jid"
  out_str_or_null trackedRunDir "$rd"
  out_str message "[Profile 확인] $PROFILE: $SCRIPT, $CPUS CPU, $MEM RAM, $TIME"
  if [ -n "$jid$rd" ]; then say "" "  로컬 추적: ${jid:+Job $jid}${rd:+ | $rd/}"; else say "" "  로컬 추적: (없음)"; fi
}
