# Summary: list server run dirs and local .rundir files; delete them only with CONFIRM=yes
# Usage: make slurm-clean [CONFIRM=yes] [DRY_RUN=1] [OUTPUT=json]
#
# 1 ssh: lists runs/*/ and the work dirs of the user's active jobs (squeue); with CONFIRM=yes it deletes, in the
# same ssh, every run dir no PENDING/RUNNING job uses (those are "spared"). Without CONFIRM=yes: the list and
# confirm_required (exit 3), nothing deleted. DRY_RUN=1 (with or without CONFIRM=yes): the list, ok with
# dryRun: true, nothing deleted. Local .rundir files of deleted run dirs are removed afterwards.

do_clean() {
  need_remote
  local confirm=0
  [ "${CONFIRM:-}" = yes ] && [ "${DRY_RUN:-}" != 1 ] && confirm=1
  remote_run clean clean "$confirm"
  if [ "${R_squeue_ok:-0}" != 1 ]; then
    fail query_failed "squeue 실패: ${R_squeue_err:-} — 실행 중인 Job 을 확인할 수 없어 아무것도 삭제하지 않았습니다." "→ 잠시 후 다시 시도하세요."
  fi
  local remote_list="" spared_runs=" " line run jid state acc="" sacc="" lacc="" f p rd local_list=""
  [ -f "$TK_TMP/L.target" ] && remote_list=$(cat "$TK_TMP/L.target")
  if [ -f "$TK_TMP/L.spared" ]; then
    while IFS='|' read -r run jid state; do
      spared_runs="$spared_runs$run "
      local o
      json_str "$run"; o="{\"runDir\":$REPLY"
      json_str "$jid"; o="$o,\"jobId\":$REPLY"
      json_str "$state"; o="$o,\"state\":$REPLY}"
      sacc="${sacc:+$sacc,}$o"
    done <"$TK_TMP/L.spared"
  fi
  for run in $remote_list; do json_str "$run"; acc="${acc:+$acc,}$REPLY"; done
  for f in "$JOBS_DIR"/*.rundir; do
    [ -f "$f" ] || continue
    p=${f##*/}; p=${p%.rundir}
    rd=""; read_first_line "$f" && rd=${REPLY%/}
    rd=${rd#"$REMOTE_DIR"/}
    case $spared_runs in *" $rd "*) continue ;; esac
    local_list="$local_list ${f##*/}"
    json_str "${f##*/}"; lacc="${lacc:+$lacc,}$REPLY"
  done
  out_raw remote "[$acc]"
  out_raw local "[$lacc]"
  out_raw spared "[$sacc]"
  say "[삭제 대상]" "  서버 runs/:"
  if [ -n "$remote_list" ]; then for run in $remote_list; do say "    - $run/"; done; else say "    (없음)"; fi
  say "  로컬 slurm/jobs/:"
  if [ -n "$local_list" ]; then for f in $local_list; do say "    - $f"; done; else say "    (없음)"; fi
  if [ -f "$TK_TMP/L.spared" ]; then
    say "  제외 (실행 중인 Job 사용):"
    while IFS='|' read -r run jid state; do say "    - $run/ (Job $jid $state)"; done <"$TK_TMP/L.spared"
  fi
  local nl=0 nr=0
  for f in $local_list; do nl=$((nl + 1)); done
  for run in $remote_list; do nr=$((nr + 1)); done
  if [ "${DRY_RUN:-}" = 1 ]; then
    # DRY_RUN = render and report, change nothing: the list is the whole answer
    out_bool dryRun true
    out_bool removed false
    out_str message "삭제 미리보기: 서버 run dir ${nr}개, 로컬 .rundir ${nl}개 (DRY_RUN=1: 아무것도 삭제하지 않음)"
    say "" "미리보기 (DRY_RUN=1): 아무것도 삭제하지 않았습니다. 삭제하려면 make slurm-clean CONFIRM=yes"
    return 0
  fi
  if [ -z "$remote_list" ] && [ -z "$local_list" ]; then
    out_bool removed false
    out_str message "삭제할 대상이 없습니다."
    say "" "삭제할 대상이 없습니다."
    return 0
  fi
  if [ "$confirm" != 1 ]; then
    out_bool removed false
    say ""
    fail confirm_required "진행할까요? 진행하려면 make slurm-clean CONFIRM=yes" \
      "(위 목록을 확인하세요. 아직 아무것도 삭제하지 않았습니다.)"
  fi
  for f in $local_list; do rm -f "$JOBS_DIR/$f"; done
  out_bool removed true
  out_str message "삭제 완료: 서버 run dir ${nr}개, 로컬 .rundir ${nl}개"
  say "" "삭제 완료: 서버 run dir ${nr}개, 로컬 .rundir ${nl}개"
}
