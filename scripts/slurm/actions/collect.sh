# Summary: pull RESULTS_PULL and the job's logs, then delete that run dir (refused while RUNNING/PENDING)
# Usage: make slurm-collect PROFILE=name [JOBID=digits] [DRY_RUN=1] [OUTPUT=json]
#
# ssh 1: job state + which result dirs/logs exist. RUNNING/PENDING (any non-final state) → job_active, nothing pulled.
# rsync 1: pull data/results/... and slurm/logs/JOBID.out|.err into the local project.
# ssh 2 (only after the pull succeeded): delete THAT run dir (never one an active job still uses).
# JSON: results (dirs pulled), files (this job's files that came back: path, size, localPath), logs.
# Then slurm/jobs/PROFILE.rundir is removed and PROFILE.jobid becomes PROFILE.lastjob (so a rerun is not a duplicate).

collect_job() {
  local id=$1 run_rel="" w
  tracked_rundir "$PROFILE" && run_rel=$REPLY
  # shellcheck disable=SC2086
  remote_run check collect_check "$id" "$run_rel" $RESULTS_PULL
  local state sweep_n=""
  SWEEP_EXPECTED=0; sweep_tasks_of "$PROFILE" "$id" && { sweep_n=$REPLY; SWEEP_EXPECTED=$REPLY; }
  state_of_queried "$id"; state=$REPLY
  SWEEP_STATES=""
  if { [ -n "$sweep_n" ] || [ -z "$J_ID" ]; } && array_summary "$id"; then
    out_array_counts
    # the task states, kept before the removal step's answer replaces this query's records
    local t=0
    while [ "$t" -lt "${sweep_n:-0}" ]; do
      find_job "${id}_$t" && SWEEP_STATES="$SWEEP_STATES ${id}_$t=$J_STATE"
      t=$((t + 1))
    done
  fi
  out_str profile "$PROFILE"
  out_str jobId "$id"
  out_str state "$state"
  if [ "$state" = UNKNOWN ]; then
    fail query_failed "Job $id 상태를 확인하지 못했습니다 (squeue/sacct 실패). 수집하지 않습니다." "→ 잠시 후 make slurm-status 로 확인하세요."
  fi
  if [ "$state" != GONE ] && ! is_terminal_state "$state"; then
    local counts=""
    [ -z "$J_ID" ] && [ "${A_TOTAL:-0}" -gt 0 ] && counts=" ($A_COUNTS)"
    fail job_active "⚠️ Job $id 아직 $state$counts. 완료 후 collect하세요." "→ make slurm-watch PROFILE=$PROFILE 로 대기 가능"
  fi
  [ "$state" = GONE ] && state=UNKNOWN
  out_str state "$state"
  find_job "$id" && { norm_elapsed "$J_ELAPSED"; out_str_or_null elapsed "$REPLY"; out_str_or_null exitCode "${R_exit:-$J_EXIT}"; }
  local pulled="" logs=""
  : >"$TK_TMP/pull.list"
  if [ -f "$TK_TMP/L.present" ]; then
    while IFS= read -r w; do
      printf '%s\n' "${w%/}" >>"$TK_TMP/pull.list"
      case $w in slurm/logs/*) logs="${logs:+$logs }$w" ;; *) pulled="${pulled:+$pulled }$w" ;; esac
    done <"$TK_TMP/L.present"
  fi
  if [ "${DRY_RUN:-}" = 1 ]; then
    out_bool dryRun true
    say "[수집 미리보기] Job $id ($state)" "  pull: ${pulled:-(결과 없음)} ${logs}" "  삭제: ${run_rel:-(run dir 추적 없음)}"
    return 0
  fi
  if [ -s "$TK_TMP/pull.list" ]; then
    need_rsync
    mkdir -p "$PROJECT_DIR/data/results" "$LOGS_DIR"
    rsync_run pull -a -r --files-from="$TK_TMP/pull.list" "$SLURM_HOST:$REMOTE_DIR/" "$PROJECT_DIR/"
  fi
  # delete the run dir the job ran in (its work dir); .rundir may point at a newer push
  local tracked_rel=$run_rel
  if [ -n "${R_job_rundir:-}" ]; then
    run_rel=$R_job_rundir
    R_rundir_exists=${R_job_rundir_exists:-0}
  fi
  local removed=false
  if [ -n "$run_rel" ] && [ "${R_rundir_exists:-0}" = 1 ]; then
    remote_run remove remove_rundir "$run_rel"
    if [ "${R_removed:-0}" = 1 ]; then removed=true
    elif [ -n "${R_spared:-}" ]; then out_str warning "run dir 을 쓰는 활성 Job ${R_spared} 이 있어 삭제하지 않았습니다."
    fi
  fi
  if [ "$tracked_rel" = "$run_rel" ] && { [ "$removed" = true ] || [ "${R_rundir_exists:-0}" != 1 ]; }; then
    rm -f "$(rundir_file "$PROFILE")"
  fi
  if tracked_jobid "$PROFILE" && [ "$REPLY" = "$id" ]; then
    mv -f "$(jobid_file "$PROFILE")" "$(lastjob_file "$PROFILE")"
  fi
  local acc=""
  for w in $pulled; do json_str "$w"; acc="${acc:+$acc,}$REPLY"; done
  out_raw results "[$acc]"
  collected_files "$id" "$pulled"
  acc=""
  for w in $logs; do json_str "$w"; acc="${acc:+$acc,}$REPLY"; done
  out_raw logs "[$acc]"
  out_str_or_null runDir "$run_rel"
  out_bool removed "$removed"
  out_str message "결과 수집 완료: ${pulled:-(결과 없음)}${run_rel:+, $run_rel/ $( [ "$removed" = true ] && echo 삭제 || echo 유지)}"
  local logline="(없음)"
  [ -n "$logs" ] && logline=$(printf '%s' "$logs" | sed "s| slurm/logs/|, |g")
  local cleanline="(run dir 추적 없음)"
  if [ "$removed" = true ]; then cleanline="$run_rel/ 삭제 완료"
  elif [ -n "$run_rel" ] && [ "${R_rundir_exists:-0}" != 1 ]; then cleanline="$run_rel/ 이미 없음"
  elif [ -n "$run_rel" ]; then cleanline="$run_rel/ 유지 (활성 Job ${R_spared:-?} 사용 중)"; fi
  say "[결과 수집 완료]" \
      "  Profile:  $PROFILE" \
      "  결과:     ${pulled:-(없음)}${pulled:+ ← pull 완료}" \
      "  로그:     $logline" \
      "  정리:     $cleanline"
  [ "$state" != COMPLETED ] && say "  (Job 상태: $state — 로그를 확인하세요: make slurm-log PROFILE=$PROFILE STREAM=err)"
  [ -n "$sweep_n" ] && collect_sweep_tasks "$id" "$sweep_n" "$pulled"
  return 0
}

# collected_files JOBID "DIRS": JSON key files = [{path, size, localPath}] for what came back of this job — the files
# in the pulled dirs whose name holds the job id as a whole number (backtest_v5_123_summary.json, not ..._1234_...).
collected_files() {
  local id=$1 d f sz acc="" p l
  for d in $2; do
    for f in "$PROJECT_DIR/${d%/}"/*; do
      [ -f "$f" ] || continue
      case ${f##*/} in
        *[!0-9]"$id"[!0-9]*|*[!0-9]"$id"|"$id"[!0-9]*) ;;
        *) continue ;;
      esac
      sz=$(wc -c <"$f" | tr -d ' ')
      json_str "${d%/}/${f##*/}"; p=$REPLY
      json_str "$f"; l=$REPLY
      acc="${acc:+$acc,}{\"path\":$p,\"size\":${sz:-0},\"localPath\":$l}"
    done
  done
  out_raw files "[$acc]"
}

# collect_sweep_tasks ID N PULLED_DIRS: key "tasks" [{index, jobId, args, state, summary}] — summary is the pulled
# JSON file named after the task (…_ID_INDEX_summary.json, else …_ID_INDEX_*.json), null when the task wrote none.
# The bot compares the tasks' metrics from these files; the console table below shows the swept args and states.
collect_sweep_tasks() {
  local id=$1 n=$2 pulled=$3 i=0 acc="" tid st f d o args
  is_json || say "" "  Sweep Task ($A_COUNTS):"
  while [ "$i" -lt "$n" ]; do
    tid="${id}_$i"
    st=UNKNOWN
    case "$SWEEP_STATES " in *" $tid="*) st=${SWEEP_STATES#*" $tid="}; st=${st%% *} ;; esac
    sweep_args_of "$PROFILE" "$i"; args=$REPLY
    json_str "$tid"; o="{\"index\":$i,\"jobId\":$REPLY"
    json_str "$args"; o="$o,\"args\":$REPLY"
    json_str "$st"; o="$o,\"state\":$REPLY"
    f=""
    for d in $pulled; do
      for f in "$PROJECT_DIR/${d%/}"/*_"${tid}"_summary.json "$PROJECT_DIR/${d%/}"/*_"${tid}"_*.json; do
        [ -f "$f" ] && break
        f=""
      done
      [ -n "$f" ] && break
    done
    json_str_or_null "${f#"$PROJECT_DIR"/}"; o="$o,\"summary\":$REPLY}"
    acc="${acc:+$acc,}$o"
    say "$(printf '    %-10s %-14s %s' "$tid" "$st" "$args")"
    i=$((i + 1))
  done
  out_raw tasks "[$acc]"
}

do_collect() {
  load_profile
  need_remote
  need_jobid
  collect_job "$REPLY"
}
