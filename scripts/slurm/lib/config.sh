# shellcheck shell=bash
# Cluster config, profile loading and validation of every variable (docs/contracts.md).
# Precedence for every key: environment variable of the same name (make VAR=value) > profile > cluster conf > default.

CLUSTER_KEYS="SLURM_HOST REMOTE_DIR PARTITION ACCOUNT CONTAINER_IMAGE CONTAINER_RUNTIME SSH_CONFIG MAX_PARALLEL SWEEP_MAX"
PROFILE_KEYS="DESCRIPTION SCRIPT SCRIPT_ARGS CPUS MEM TIME PARTITION ACCOUNT TEMPLATE CONTAINER CODE_FILES RESULTS_PULL CONTAINER_MODE RESULTS_SUMMARY RESULTS_CHART RESULTS_METRIC"

RE_PROFILE='^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'
RE_JOBID='^[0-9]{1,12}$'
# one task of a sweep (array job): ARRAYID_INDEX, e.g. 812_3 (log and cancel take it)
RE_TASKID='^[0-9]{1,12}_[0-9]{1,6}$'
RE_NAME='^[A-Za-z0-9_-]{1,64}$'
RE_CPUS='^[1-9][0-9]{0,4}$'
RE_MEM='^[1-9][0-9]*[KMGT]$'
RE_TIME='^([0-9]+-)?[0-9]{1,2}:[0-9]{2}:[0-9]{2}$'
RE_ARGS='^[A-Za-z0-9_.,=:/+ -]*$'
RE_RELPATH='^[A-Za-z0-9_][A-Za-z0-9_./-]*$'
RE_ABSPATH='^/[A-Za-z0-9_./-]+$'
RE_HOST='^[A-Za-z0-9_][A-Za-z0-9_.@-]*$'

# bad_value KEY SOURCE EXPECTED VALUE: refuse a value; SOURCE is "profile" (invalid_profile) or anything else
# (invalid_variable).
bad_value() {
  local key=$1 src=$2 expected=$3 val=$4 code=invalid_variable where="변수"
  if [ "$src" = profile ]; then code=invalid_profile; where="${PROFILE:-}.conf"; fi
  out_str key "$key"
  out_str expected "$expected"
  fail "$code" "$where $key=$val 값이 잘못되었습니다. 기대 형식: $expected" \
    "→ $key 를 기대 형식으로 고쳐 주세요 (예: MEM=40G, TIME=02:00:00)."
}

# check_value KEY VALUE SOURCE: validate one profile/cluster key's value.
check_value() {
  local k=$1 v=$2 src=$3 w
  case $k in
    DESCRIPTION) case $v in *[[:cntrl:]]*) bad_value "$k" "$src" "one line of text" "$v" ;; esac ;;
    SCRIPT)
      if ! matches "$v" "$RE_RELPATH" || has_dotdot "$v" || [ "${v%.py}" = "$v" ]; then
        bad_value "$k" "$src" "relative path without '..' ending .py (e.g. simulation/backtests/backtest_v5.py)" "$v"
      fi ;;
    SCRIPT_ARGS) matches "$v" "$RE_ARGS" || bad_value "$k" "$src" "words of [A-Za-z0-9_.,=:/+-] separated by spaces" "$v" ;;
    CPUS) matches "$v" "$RE_CPUS" || bad_value "$k" "$src" "a positive integer (e.g. 20)" "$v" ;;
    MEM) matches "$v" "$RE_MEM" || bad_value "$k" "$src" "digits + K/M/G/T (e.g. 40G)" "$v" ;;
    TIME) matches "$v" "$RE_TIME" || bad_value "$k" "$src" "[D-]HH:MM:SS (e.g. 02:00:00)" "$v" ;;
    PARTITION|ACCOUNT) matches "$v" "$RE_NAME" || bad_value "$k" "$src" "[A-Za-z0-9_-]{1,64} (e.g. all / default)" "$v" ;;
    TEMPLATE) matches "$v" "$RE_NAME" || bad_value "$k" "$src" "a template name under slurm/templates/ (e.g. default)" "$v" ;;
    CONTAINER) case $v in yes|no) ;; *) bad_value "$k" "$src" "yes or no" "$v" ;; esac ;;
    CONTAINER_MODE) case $v in readonly|writable) ;; *) bad_value "$k" "$src" "readonly or writable (Pyxis --container-readonly/--container-writable)" "$v" ;; esac ;;
    CODE_FILES)
      [ -n "$v" ] || bad_value "$k" "$src" "space-separated relative paths (dirs end with /)" "$v"
      for w in $v; do
        if ! matches "$w" "$RE_RELPATH" || has_dotdot "$w"; then
          bad_value "$k" "$src" "space-separated relative paths without '..' (dirs end with /)" "$w"
        fi
      done ;;
    RESULTS_PULL)
      for w in $v; do
        if ! matches "$w" '^data/results/[A-Za-z0-9_./-]*/$' || has_dotdot "$w"; then
          bad_value "$k" "$src" "space-separated dirs under data/results/ ending with / (no '..')" "$w"
        fi
      done ;;
    RESULTS_SUMMARY)
      if ! matches "$v" '^data/results/[A-Za-z0-9_./{}-]+$' || has_dotdot "$v"; then
        bad_value "$k" "$src" "a path under data/results/ (no '..'), {JOBID} for the job id" "$v"
      fi ;;
    RESULTS_CHART)
      if ! matches "$v" '^(line|bar):data/results/[A-Za-z0-9_./{}-]+[.]csv:[A-Za-z][A-Za-z0-9_]*(:[A-Za-z][A-Za-z0-9_+]*)?$' || has_dotdot "$v"; then
        bad_value "$k" "$src" "line|bar:data/results/...csv:YCOLUMN[:XCOLUMN] (docs/results.md)" "$v"
      fi ;;
    RESULTS_METRIC) matches "$v" '^[A-Za-z][A-Za-z0-9_.]*(:(higher|lower))?$' || bad_value "$k" "$src" "a summary key, optionally :lower (e.g. sharpe, maxDrawdown:lower)" "$v" ;;
    SLURM_HOST) matches "$v" "$RE_HOST" || bad_value "$k" "$src" "an ssh alias or [user@]host" "$v" ;;
    REMOTE_DIR)
      if ! matches "$v" "$RE_ABSPATH" || has_dotdot "$v" || [ "$v" = / ]; then
        bad_value "$k" "$src" "absolute path of [A-Za-z0-9_./-] without '..'" "$v"
      fi ;;
    CONTAINER_IMAGE)
      if ! matches "$v" '^/[A-Za-z0-9_./-]+\.sqsh$' || has_dotdot "$v"; then
        bad_value "$k" "$src" "absolute path ending .sqsh (Pyxis pulls from Docker Hub otherwise)" "$v"
      fi ;;
    CONTAINER_RUNTIME) case $v in pyxis|none) ;; *) bad_value "$k" "$src" "pyxis or none" "$v" ;; esac ;;
    MAX_PARALLEL|SWEEP_MAX) matches "$v" '^[1-9][0-9]{0,3}$' || bad_value "$k" "$src" "a positive integer up to 9999 (e.g. 10)" "$v" ;;
    SSH_CONFIG) [ -z "$v" ] || matches "$v" "$RE_ABSPATH" || bad_value "$k" "$src" "absolute path of an ssh config file" "$v" ;;
  esac
}

# validate_request_vars: forms of the per-call variables (contract table). Runs before anything else.
validate_request_vars() {
  local v
  case ${OUTPUT:-} in ''|json) ;; *) OUTPUT=""; bad_value OUTPUT env "json or empty" "$OUTPUT" ;; esac
  if [ -n "${PROFILE:-}" ] && ! matches "$PROFILE" "$RE_PROFILE"; then
    out_str key PROFILE
    out_str expected "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}"
    fail invalid_profile "PROFILE 이름이 잘못되었습니다: '$PROFILE' (기대 형식: 영문/숫자/_.- 만, 공백·; 불가)" \
      "→ make slurm-profiles 로 사용 가능한 Profile 을 확인하세요."
  fi
  for v in FORCE DRY_RUN; do
    case ${!v-} in ''|0|1) ;; *) bad_value "$v" env "1 (or empty)" "${!v}" ;; esac
  done
  case ${CONFIRM:-} in ''|yes|no) ;; *) bad_value CONFIRM env "yes" "$CONFIRM" ;; esac
  if [ -n "${LINES_SET:-}" ]; then matches "$LINES_SET" '^[1-9][0-9]{0,4}$' || bad_value LINES env "a positive integer (e.g. 50)" "$LINES_SET"; fi
  case ${STREAM:-} in ''|out|err|both) ;; *) bad_value STREAM env "out, err or both" "$STREAM" ;; esac
  [ -z "${WATCH_INTERVAL:-}" ] || matches "$WATCH_INTERVAL" '^[1-9][0-9]{0,4}$' || bad_value WATCH_INTERVAL env "seconds (e.g. 10)" "$WATCH_INTERVAL"
  [ -z "${WATCH_TIMEOUT:-}" ] || matches "$WATCH_TIMEOUT" '^[0-9]{1,6}$' || bad_value WATCH_TIMEOUT env "seconds (0 = none)" "$WATCH_TIMEOUT"
  if [ ! -d "$PROJECT_DIR" ]; then bad_value PROJECT_DIR env "an existing directory" "$PROJECT_DIR"; fi
  for v in CPUS MEM TIME PARTITION ACCOUNT SCRIPT SCRIPT_ARGS TEMPLATE CONTAINER CODE_FILES RESULTS_PULL CONTAINER_MODE \
           SLURM_HOST REMOTE_DIR CONTAINER_IMAGE CONTAINER_RUNTIME SSH_CONFIG MAX_PARALLEL SWEEP_MAX; do
    if [ -n "${!v-}" ]; then check_value "$v" "${!v}" env; fi
  done
  # JOBID is checked by the targets that take it (cancel gives invalid_jobid).
  if [ -n "${JOBID:-}" ] && [ "$ACTION" != cancel ] && ! matches "$JOBID" "$RE_JOBID" \
     && { [ "$ACTION" != log ] || ! matches "$JOBID" "$RE_TASKID"; }; then
    bad_value JOBID env "digits only (e.g. 12345; log also takes one sweep task, e.g. 812_3)" "$JOBID"
  fi
}

# load_cluster: parse CLUSTER_CONF and resolve the cluster keys into plain variables.
load_cluster() {
  local conf=${CLUSTER_CONF:-} k
  if [ -z "$conf" ]; then
    if [ -f "$PROJECT_DIR/config/cluster.dev.conf" ]; then conf=$PROJECT_DIR/config/cluster.dev.conf
    else conf=$PROJECT_DIR/config/cluster.conf; fi
  fi
  if [ -f "$conf" ]; then
    conf_parse "$conf" CC cluster "$CLUSTER_KEYS"
  elif [ -n "${CLUSTER_CONF:-}" ]; then
    out_str key CLUSTER_CONF
    fail invalid_variable "CLUSTER_CONF 파일이 없습니다: $conf" "→ config/cluster.conf 를 확인하거나 make dev-up 으로 dev 클러스터 설정을 만드세요."
  fi
  for k in $CLUSTER_KEYS; do
    if env_value "$k"; then printf -v "$k" '%s' "$REPLY"; printf -v "SRC_$k" env
    else local cv="CC_$k"; printf -v "$k" '%s' "${!cv-}"; printf -v "SRC_$k" cluster; fi
  done
  : "${PARTITION:=all}" "${ACCOUNT:=default}" "${CONTAINER_RUNTIME:=pyxis}"
  : "${CONTAINER_IMAGE:=${REMOTE_DIR:+$REMOTE_DIR/slurm/images/ptj_stock_lab.sqsh}}"
  for k in $CLUSTER_KEYS; do
    local sv="SRC_$k"
    [ -n "${!k}" ] && check_value "$k" "${!k}" "${!sv}"
  done
  CLUSTER_CONF_USED=$conf
}

# need_remote: the keys every remote step needs.
need_remote() {
  [ -n "${SLURM_HOST:-}" ] || { out_str key SLURM_HOST; fail invalid_variable "SLURM_HOST 가 설정되지 않았습니다 ($CLUSTER_CONF_USED)" "→ config/cluster.conf 의 SLURM_HOST (ssh alias) 를 확인하세요."; }
  [ -n "${REMOTE_DIR:-}" ] || { out_str key REMOTE_DIR; fail invalid_variable "REMOTE_DIR 가 설정되지 않았습니다 ($CLUSTER_CONF_USED)" "→ config/cluster.conf 의 REMOTE_DIR 를 확인하세요."; }
}

profiles_list() {
  local f n
  for f in "$PROJECT_DIR"/slurm/profiles/*.conf; do
    [ -f "$f" ] || continue
    n=${f##*/}; n=${n%.conf}
    matches "$n" "$RE_PROFILE" && printf '%s\n' "$n"
  done
}

need_profile_name() {
  if [ -z "${PROFILE:-}" ]; then
    profile_not_found "PROFILE 을 지정하세요 (예: make slurm-$ACTION PROFILE=backtest_v5)."
  fi
}

profile_not_found() {
  local list names=""
  list=$(profiles_list)
  names=$(printf '%s' "$list" | tr '\n' ' ')
  local tmp=$TK_TMP/profiles.list
  printf '%s\n' "$list" | grep -v '^$' >"$tmp" || true
  json_array_of_lines "$tmp"
  out_raw profiles "$REPLY"
  fail profile_not_found "$1" "→ 사용 가능한 Profile: ${names:-(없음)}"
}

# load_profile: parse slurm/profiles/$PROFILE.conf and resolve every key (env > profile > cluster > default).
load_profile() {
  need_profile_name
  local f="$PROJECT_DIR/slurm/profiles/$PROFILE.conf" k pv
  [ -f "$f" ] || profile_not_found "Profile '$PROFILE' 이 없습니다 (slurm/profiles/$PROFILE.conf)."
  PROFILE_FILE=$f
  conf_parse "$f" PF profile "$PROFILE_KEYS"
  for k in $PROFILE_KEYS; do
    pv="PF_$k"
    if conf_has PF "$k"; then check_value "$k" "${!pv}" profile; fi
  done
  for k in $PROFILE_KEYS; do
    pv="PF_$k"
    if env_value "$k"; then printf -v "$k" '%s' "$REPLY"
    elif conf_has PF "$k"; then printf -v "$k" '%s' "${!pv}"
    fi
  done
  # PARTITION/ACCOUNT: env (already resolved in load_cluster) > profile > cluster
  if ! env_value PARTITION && conf_has PF PARTITION && [ -n "$PF_PARTITION" ]; then PARTITION=$PF_PARTITION; fi
  if ! env_value ACCOUNT && conf_has PF ACCOUNT && [ -n "$PF_ACCOUNT" ]; then ACCOUNT=$PF_ACCOUNT; fi
  local missing=""
  for k in SCRIPT CPUS MEM TIME CODE_FILES; do
    [ -n "${!k-}" ] || missing="$missing $k"
  done
  if [ -n "$missing" ]; then
    local first=${missing# }
    out_str key "${first%% *}"; out_str expected "required key"
    fail invalid_profile "$PROFILE.conf 에 필수 키가 없습니다:$missing" "→ slurm/profiles/README.md 의 키 목록을 참고하세요."
  fi
  : "${TEMPLATE:=default}" "${CONTAINER:=yes}" "${SCRIPT_ARGS:=}" "${RESULTS_PULL:=}" "${DESCRIPTION:=}"
  : "${CONTAINER_MODE:=readonly}"
  JOB_NAME="ptj-$PROFILE"
}

# template_name: which slurm/templates/NAME.sbatch renders this profile's job.
template_name() {
  if [ "$TEMPLATE" = default ] && { [ "$CONTAINER" = no ] || [ "$CONTAINER_RUNTIME" = none ]; }; then
    REPLY=nocontainer
  else
    REPLY=$TEMPLATE
  fi
}

uses_container() { [ "$CONTAINER" = yes ] && [ "$CONTAINER_RUNTIME" = pyxis ]; }

# out_resources: the profile's script and resources as JSON keys (show and submit report the same card).
out_resources() {
  out_str script "$SCRIPT"
  out_num cpus "$CPUS"
  out_str mem "$MEM"
  out_str time "$TIME"
  out_str partition "$PARTITION"
  out_str account "$ACCOUNT"
  if [ "$CONTAINER" = yes ]; then out_str container "${CONTAINER_IMAGE##*/}"; else out_raw container null; fi
}

# count_code_files -> REPLY: number of files CODE_FILES names (dirs counted recursively), local side.
count_code_files() {
  local n=0 w c
  for w in $CODE_FILES; do
    if [ -d "$PROJECT_DIR/$w" ]; then
      c=$(find "$PROJECT_DIR/$w" -type f ! -name '*.pyc' | wc -l)
      n=$((n + c))
    elif [ -e "$PROJECT_DIR/$w" ]; then
      n=$((n + 1))
    fi
  done
  REPLY=$n
}
