# Summary: one array job over a grid of script arguments: SWEEP='seed=1..20' or 'stop-loss=0.03,0.05 take-profit=0.1,0.2'
# Usage: make slurm-sweep PROFILE=name SWEEP='name=A..B name=v1,v2 ...' [MAX_PARALLEL=K] [SWEEP_MAX=100] [FORCE=1] [DRY_RUN=1] [OUTPUT=json]
#
# Each word of SWEEP is one script argument (--name) with a range of integers (A..B) or a comma list; the words
# combine as a grid (first word slowest). Everything is checked before any ssh: names and values against an
# allowlist, the argument must appear in the profile's code, and the number of tasks must not exceed SWEEP_MAX
# (default 100) — too_many_tasks otherwise. Then push (1 ssh + 1 rsync) and one `sbatch --array=0-N%K` (1 ssh):
# RUN_DIR/sweep/tasks.txt holds one argument line per task (the profile's SCRIPT_ARGS with the swept arguments
# replaced), sweep/grid.txt the swept arguments alone. PROFILE.jobid holds the array id, PROFILE.sweep the grid.
# MAX_PARALLEL (%K) defaults to the cluster.conf key MAX_PARALLEL, else 10.

# shellcheck source=/dev/null
. "$(action_file show)"
# shellcheck source=/dev/null
. "$(action_file push)"
# shellcheck source=/dev/null
. "$(action_file submit)"

RE_SWEEP_NAME='^[a-z][a-z0-9]*(-[a-z0-9]+)*$'
RE_SWEEP_VALUE='^[A-Za-z0-9_.:+]([A-Za-z0-9_.:+-]{0,31})$|^-[0-9][0-9.]{0,30}$'

bad_sweep() {
  out_str key SWEEP
  out_str expected "name=A..B or name=v1,v2,... per word (e.g. seed=1..20 stop-loss=0.03,0.05)"
  [ -n "${2:-}" ] && out_str word "$2"
  fail invalid_sweep "SWEEP 값이 잘못되었습니다: $1" \
    "→ 예: SWEEP='seed=1..20' 또는 SWEEP='stop-loss=0.03,0.05,0.08 take-profit=0.1,0.2' (이름=범위 또는 쉼표 목록, 공백으로 구분)"
}

# parse_sweep: SWEEP -> SW_NAMES (space-separated) and SW_VALUES_<i> (space-separated values), SW_COUNT tasks.
# The count is multiplied before anything is expanded, so a huge range is refused without looping over it.
parse_sweep() {
  local word name spec a b v seen=" " i=0 n count=1 max=${SWEEP_MAX:-100} vals
  [ -n "${SWEEP:-}" ] || bad_sweep "비어 있습니다 (SWEEP='seed=1..20' 처럼 지정하세요)."
  case $SWEEP in *[!A-Za-z0-9_.,:+=\ -]*) bad_sweep "허용되지 않는 문자가 있습니다 ('$SWEEP')." ;; esac
  SW_NAMES=""
  for word in $SWEEP; do
    case $word in *=*) ;; *) bad_sweep "'$word' 에 = 가 없습니다." "$word" ;; esac
    name=${word%%=*}; spec=${word#*=}
    name=${name#--}
    matches "$name" "$RE_SWEEP_NAME" || bad_sweep "인자 이름 '$name' (영문 소문자/숫자/- 만)" "$word"
    case $seen in *" $name "*) bad_sweep "'$name' 이 두 번 나옵니다." "$word" ;; esac
    seen="$seen$name "
    vals=""
    if matches "$spec" '^-?[0-9]{1,6}\.\.-?[0-9]{1,6}$'; then
      a=${spec%%..*}; b=${spec#*..}
      [ "$a" -le "$b" ] || bad_sweep "범위 $spec 의 시작이 끝보다 큽니다." "$word"
      n=$((b - a + 1))
      SW_RANGE_A[i]=$a; SW_RANGE_B[i]=$b
    else
      [ -n "$spec" ] || bad_sweep "'$name' 의 값이 없습니다." "$word"
      case ",$spec," in *,,*) bad_sweep "'$name' 의 값 목록에 빈 값이 있습니다." "$word" ;; esac
      n=0
      local IFS=,
      for v in $spec; do
        { matches "$v" "$RE_SWEEP_VALUE" && case $v in *..*) false ;; esac; } || bad_sweep "'$name' 의 값 '$v' (영문/숫자/._:+- 만, 32자 이내)" "$word"
        case " $vals " in *" $v "*) bad_sweep "'$name' 의 값 $v 가 두 번 나옵니다." "$word" ;; esac
        vals="${vals:+$vals }$v"; n=$((n + 1))
      done
      unset IFS
      SW_RANGE_A[i]=""; SW_RANGE_B[i]=""
    fi
    # the argument must be one the profile's code defines (a typo would run N tasks that all fail)
    sweep_arg_known "$name" || {
      out_str argument "--$name"
      fail invalid_sweep "$PROFILE 의 코드(CODE_FILES)에 --$name 인자가 없습니다." \
        "→ $SCRIPT 가 받는 인자 이름을 확인하세요 (예: seed, stop-loss, take-profit)."
    }
    printf -v "SW_VALUES_$i" '%s' "$vals"
    SW_NAMES="${SW_NAMES:+$SW_NAMES }$name"
    # refuse as soon as the product passes the cap (no overflow, no expansion of a huge range)
    if [ "$n" -gt "$max" ] || [ $((count * n)) -gt "$max" ]; then
      out_num tasks $((n > max ? n : count * n))
      out_num sweepMax "$max"
      fail too_many_tasks "Sweep 이 Task $((count * n))개 이상입니다 (상한 SWEEP_MAX=$max). 실행하지 않았습니다." \
        "→ 범위를 줄이거나 나눠서 실행하세요. 상한을 바꾸려면 SWEEP_MAX=N (관리자 판단)."
    fi
    count=$((count * n))
    i=$((i + 1))
  done
  SW_DIMS=$i
  SW_COUNT=$count
}

# sweep_arg_known NAME: some file of CODE_FILES mentions "--NAME" in quotes (argparse's add_argument)
sweep_arg_known() {
  local w
  for w in $CODE_FILES; do
    [ -e "$PROJECT_DIR/${w%/}" ] || continue
    grep -r -q -E -- "[\"']--$1[\"']" "$PROJECT_DIR/${w%/}" 2>/dev/null && return 0
  done
  return 1
}

# expand_sweep: $TK_TMP/grid.txt (swept arguments per task) and $TK_TMP/tasks.txt (full argument line per task).
expand_sweep() {
  local i=0 name line v vals a
  printf '\n' >"$TK_TMP/grid.txt"
  for name in $SW_NAMES; do
    : >"$TK_TMP/grid.next"
    if [ -n "${SW_RANGE_A[i]}" ]; then
      vals=""; a=${SW_RANGE_A[i]}
      while [ "$a" -le "${SW_RANGE_B[i]}" ]; do vals="${vals:+$vals }$a"; a=$((a + 1)); done
    else
      local vv="SW_VALUES_$i"; vals=${!vv}
    fi
    while IFS= read -r line; do
      for v in $vals; do printf '%s\n' "${line:+$line }--$name $v" >>"$TK_TMP/grid.next"; done
    done <"$TK_TMP/grid.txt"
    mv -f "$TK_TMP/grid.next" "$TK_TMP/grid.txt"
    i=$((i + 1))
  done
  # SCRIPT_ARGS without the swept arguments (--name value or --name=value), then the task's own
  local base="" skip=0 w
  for w in $SCRIPT_ARGS; do
    if [ "$skip" = 1 ]; then skip=0; case $w in --*) ;; *) continue ;; esac; fi
    for name in $SW_NAMES; do
      case $w in "--$name") skip=1; continue 2 ;; "--$name="*) continue 2 ;; esac
    done
    base="${base:+$base }$w"
  done
  : >"$TK_TMP/tasks.txt"
  while IFS= read -r line; do
    printf '%s\n' "${base:+$base }$line" >>"$TK_TMP/tasks.txt"
    matches "${base:+$base }$line" "$RE_ARGS" || bad_sweep "Task 인자에 허용되지 않는 문자가 있습니다: $line"
  done <"$TK_TMP/grid.txt"
}

# sweep_tasks_json -> REPLY: [{index, args}, ...]
sweep_tasks_json() {
  local i=0 line acc=""
  while IFS= read -r line; do
    json_str "$line"
    acc="${acc:+$acc,}{\"index\":$i,\"args\":$REPLY}"
    i=$((i + 1))
  done <"$TK_TMP/grid.txt"
  REPLY="[$acc]"
}

sweep_report() {
  local jid=$1 run_rel=$2 i=0 line
  sweep_tasks_json; out_raw tasks "$REPLY"
  out_str profile "$PROFILE"
  out_str_or_null jobId "$jid"
  out_str runDir "$run_rel"
  out_str sweep "$SWEEP"
  out_num taskCount "$SW_COUNT"
  out_num maxParallel "$SW_PARALLEL"
  out_str array "$SWEEP_ARRAY"
  out_resources
  out_str jobName "$JOB_NAME"
  [ -n "${DUPLICATE_OVERRIDDEN:-}" ] && out_str replacedJobId "$DUPLICATE_OVERRIDDEN"
  [ -n "$jid" ] && out_str message "Sweep Job $jid 제출 완료 ($PROFILE, Task ${SW_COUNT}개, 동시 ${SW_PARALLEL}개)"
  is_json && return 0
  local title="[Sweep 제출 완료]"
  [ -n "$jid" ] || title="[Sweep 미리보기] (DRY_RUN=1: 아무것도 실행하지 않음)"
  printf '%s\n' "$title" \
    "  Profile:    $PROFILE" \
    "  Job ID:     ${jid:-(제출 전)}${jid:+ (array, Task = ${jid}_0 … ${jid}_$((SW_COUNT - 1)))}" \
    "  Script:     $SCRIPT${SCRIPT_ARGS:+ $SCRIPT_ARGS}" \
    "  Grid:       $SWEEP → Task ${SW_COUNT}개" \
    "  Resources:  Task 마다 $CPUS CPU, $MEM RAM, $TIME (총 ${SW_COUNT} × $CPUS CPU)" \
    "  동시 실행:  최대 ${SW_PARALLEL}개 (--array=$SWEEP_ARRAY)" \
    "  Partition:  $PARTITION / Account: $ACCOUNT" \
    "  Run dir:    $run_rel/" \
    "" "  Task 표 (sweep/grid.txt):"
  while IFS= read -r line; do
    printf '    %3d  %s\n' "$i" "$line"
    i=$((i + 1))
  done <"$TK_TMP/grid.txt"
  if [ -n "$jid" ]; then
    printf '%s\n' "" "  다음 단계:" \
      "  - 모니터링: make slurm-watch PROFILE=$PROFILE" \
      "  - Task 로그: make slurm-log JOBID=${jid}_0" \
      "  - 수집:     make slurm-collect PROFILE=$PROFILE (모든 Task 가 끝난 뒤)"
  fi
}

do_sweep() {
  load_profile
  need_remote
  parse_sweep
  SW_PARALLEL=${MAX_PARALLEL:-10}
  SWEEP_ARRAY="0-$((SW_COUNT - 1))%$SW_PARALLEL"
  expand_sweep
  SWEEP_TASKS_TEXT=$(cat "$TK_TMP/tasks.txt")
  SWEEP_GRID_TEXT=$(cat "$TK_TMP/grid.txt")
  if [ "${DRY_RUN:-}" = 1 ]; then
    local run_rel
    run_rel="runs/$PROFILE-$(now_stamp)"
    render_sbatch "$REMOTE_DIR/$run_rel" "$TK_TMP/job.sbatch"
    out_bool dryRun true
    out_str sbatch "$(cat "$TK_TMP/job.sbatch")"
    out_str command "cd $REMOTE_DIR/$run_rel && sbatch --parsable --array=$SWEEP_ARRAY job.sbatch"
    sweep_report "" "$run_rel"
    if ! is_json; then
      printf '%s\n' "" "  명령: cd $REMOTE_DIR/$run_rel && sbatch --parsable --array=$SWEEP_ARRAY job.sbatch" "" "--- job.sbatch ---"
      cat "$TK_TMP/job.sbatch"
      printf '%s\n' "--- sweep/tasks.txt ---"
      cat "$TK_TMP/tasks.txt"
    fi
    return 0
  fi
  push_for_submit
  render_sbatch "$REMOTE_DIR/$PUSH_RUN_REL" "$TK_TMP/job.sbatch"
  submit_remote "$PUSH_RUN_REL"
  { printf '%s\n' "$SUBMITTED_JOBID"; cat "$TK_TMP/grid.txt"; } >"$(sweep_file "$PROFILE").tmp.$$" \
    && mv -f "$(sweep_file "$PROFILE").tmp.$$" "$(sweep_file "$PROFILE")"
  OUT_KEYS=(); OUT_VALS=()
  sweep_report "$SUBMITTED_JOBID" "$PUSH_RUN_REL"
}
