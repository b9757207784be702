# Summary: server jobs (squeue --me -t all) + local .jobid/.rundir tracking, as the seed's [SLURM Status]
# Usage: make slurm-status [OUTPUT=json]
#
# 1 ssh: one `squeue --me -t all` and one batched `sacct -X -P -n -j a,b,c` for tracked ids that left the queue.
# A failed query shows UNKNOWN (never "finished") and the result is query_failed.

do_status() {
  need_remote
  local profiles p ids="" jid rd
  profiles=$(tracked_profiles)
  for p in $profiles; do
    tracked_jobid "$p" && ids="$ids $REPLY"
  done
  # shellcheck disable=SC2086
  remote_run status status $ids

  # server view
  local acc="" id name state elapsed nodes nodelist reason workdir prof
  say "[SLURM Status]"
  if [ "${R_rd_exists:-1}" = 0 ]; then
    out_bool remoteDirExists false
    out_str note "원격 디렉토리 없음: $REMOTE_DIR (아직 push 한 적 없음 — push 하면 생성됩니다)"
    say "  원격 디렉토리 없음: $REMOTE_DIR (push 하면 생성됩니다)"
  else
    out_bool remoteDirExists true
  fi
  say "  서버 Job 목록:"
  if [ -s "$TK_TMP/L.server" ]; then
    # the seed's column widths, widened only when a name or state is longer
    local wn=16 ws=8
    while IFS='|' read -r id name state _; do
      [ "${#name}" -gt "$wn" ] && wn=${#name}
      [ "${#state}" -gt "$ws" ] && ws=${#state}
    done <"$TK_TMP/L.server"
    say "$(printf "    %-10s %-${wn}s %-${ws}s %-10s %-6s %s" JOBID NAME STATE TIME NODES NODELIST)"
    while IFS='|' read -r id name state elapsed nodes nodelist reason workdir; do
      prof=""; case $name in ptj-*) prof=${name#ptj-} ;; esac
      norm_elapsed "$elapsed"; elapsed=$REPLY
      local where=$nodelist
      pending_reason "$reason"; reason=$REPLY
      [ "$state" = PENDING ] && [ -n "$reason" ] && where="($reason)"
      say "$(printf "    %-10s %-${wn}s %-${ws}s %-10s %-6s %s" "$id" "$name" "$state" "$elapsed" "$nodes" "$where")"
      local o
      json_str "$id"; o="{\"jobId\":$REPLY"
      json_str "$name"; o="$o,\"name\":$REPLY"
      json_str_or_null "$prof"; o="$o,\"profile\":$REPLY"
      json_str "$state"; o="$o,\"state\":$REPLY"
      json_str "$elapsed"; o="$o,\"elapsed\":$REPLY"
      o="$o,\"nodes\":${nodes:-0}"
      json_str "$nodelist"; o="$o,\"nodelist\":$REPLY"
      if [ "$state" = PENDING ]; then json_str_or_null "$reason"; else REPLY=null; fi
      o="$o,\"reason\":$REPLY}"
      acc="${acc:+$acc,}$o"
    done <"$TK_TMP/L.server"
  else
    say "    (없음)"
  fi
  out_raw jobs "[$acc]"

  # local tracking: every profile, tracked or not
  say "" "  로컬 추적:"
  local all tacc="" width=14 line
  all=$( { profiles_list; printf '%s\n' "$profiles"; } | grep -v '^$' | sort -u)
  for p in $all; do [ ${#p} -ge $width ] && width=$(( ${#p} + 1 )); done
  for p in $all; do
    jid=""; rd=""
    tracked_jobid "$p" && jid=$REPLY
    tracked_rundir "$p" && rd=$REPLY
    if [ -z "$jid$rd" ]; then
      say "$(printf "    %-$((width + 1))s (없음)" "$p:")"
      continue
    fi
    state=""
    local sweep_n="" counts=""
    if [ -n "$jid" ]; then
      SWEEP_EXPECTED=0; sweep_tasks_of "$p" "$jid" && { sweep_n=$REPLY; SWEEP_EXPECTED=$REPLY; }
      state_of_queried "$jid"; state=$REPLY
      [ "$state" = GONE ] && state=UNKNOWN
      # a sweep (array job): one line with its task counts
      if { [ -n "$sweep_n" ] || [ -z "$J_ID" ]; } && array_summary "$jid"; then counts=$A_COUNTS; sweep_n=$A_TOTAL; fi
    fi
    if [ -n "$jid" ]; then line="Job $jid"; else line="Job (없음)"; fi
    if [ -n "$rd" ]; then line="$line | $rd/"; else line="$line | (run dir 없음)"; fi
    [ -n "$state" ] && line="$line | $state"
    [ -n "$sweep_n" ] && line="$line (sweep ${sweep_n}개${counts:+: $counts})"
    if [ -n "$jid" ] && find_job "$jid" && [ "$J_STATE" = PENDING ]; then
      pending_reason "$J_REASON"; [ -n "$REPLY" ] && line="$line ($REPLY)"
    fi
    say "$(printf "    %-$((width + 1))s %s" "$p:" "$line")"
    local o
    json_str "$p"; o="{\"profile\":$REPLY"
    json_str_or_null "$jid"; o="$o,\"jobId\":$REPLY"
    json_str_or_null "$rd"; o="$o,\"runDir\":$REPLY"
    json_str_or_null "$state"; o="$o,\"state\":$REPLY"
    if [ -n "$counts" ]; then
      array_summary "$jid"
      o="$o,\"sweep\":true,\"taskCounts\":{\"total\":$A_TOTAL,\"pending\":$A_PENDING,\"running\":$A_RUNNING,\"completed\":$A_DONE,\"failed\":$A_FAILED}"
    fi
    if [ -n "$jid" ] && [ -z "$counts" ] && find_job "$jid"; then
      norm_elapsed "$J_ELAPSED"; json_str_or_null "$REPLY"; o="$o,\"elapsed\":$REPLY"
      json_str_or_null "$J_EXIT"; o="$o,\"exitCode\":$REPLY"
      if [ "$J_STATE" = PENDING ]; then pending_reason "$J_REASON"; json_str_or_null "$REPLY"; else REPLY=null; fi
      o="$o,\"reason\":$REPLY"
    fi
    tacc="${tacc:+$tacc,}$o}"
  done
  out_raw tracked "[$tacc]"
  local nj=0 nt=0
  [ -s "$TK_TMP/L.server" ] && nj=$(grep -c . "$TK_TMP/L.server")
  for p in $profiles; do nt=$((nt + 1)); done
  out_str message "서버 Job ${nj}개, 로컬 추적 ${nt}개"
  if [ "${R_squeue_ok:-0}" != 1 ]; then
    fail query_failed "squeue 실패: ${R_squeue_err:-알 수 없음} — Job 상태를 확인하지 못했습니다 (끝난 것으로 보지 않음)." \
      "→ 잠시 후 make slurm-status 로 다시 확인하세요 (slurmctld 응답 확인)."
  fi
  if [ "${R_sacct_ok:-1}" != 1 ]; then
    out_str warning "sacct 실패: ${R_sacct_err:-} — 큐를 떠난 Job 의 상태는 UNKNOWN"
    say "" "  ⚠️ sacct 실패: ${R_sacct_err:-} (큐를 떠난 Job 은 UNKNOWN 으로 표시)"
  fi
}
