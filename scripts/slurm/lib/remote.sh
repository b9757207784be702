# shellcheck shell=bash
# Everything that talks to the login node. Each step sends ONE bash script over ONE ssh invocation
# (`ssh [-F SSH_CONFIG] HOST bash -s -- 'arg' ...`), plus at most one rsync where files move.
# Connections are shared (ControlMaster=auto, ControlPersist=60s) through a socket in a short private dir.
# SLURM_TOOLKIT_TRACE=<file> appends one line per ssh/rsync invocation ("ssh ACTION STEP" / "rsync ACTION STEP").

# control_dir -> SSH_CTL_DIR: a private (0700, ours) short directory for the ControlPath sockets.
control_dir() {
  [ -n "${SSH_CTL_DIR:-}" ] && return 0
  local d
  d="/tmp/slurm-tk-$(id -u)"
  if [ ! -d "$d" ]; then mkdir -m 700 "$d" 2>/dev/null || true; fi
  # must be a real dir owned by us and not writable by others; otherwise fall back to a fresh mktemp dir
  if [ -d "$d" ] && [ ! -L "$d" ] && [ -O "$d" ] && [ -z "$(find "$d" -maxdepth 0 -perm -g+w 2>/dev/null)" ] \
     && [ -z "$(find "$d" -maxdepth 0 -perm -o+w 2>/dev/null)" ]; then
    SSH_CTL_DIR=$d
  else
    SSH_CTL_DIR=$(mktemp -d /tmp/slurm-tk.XXXXXX)
  fi
}

# ssh_base_args -> SSH_ARGS array (options shared by ssh and rsync -e).
ssh_base_args() {
  control_dir
  # (bash 3.2 + set -u: never expand an empty array, so the -F pair is added last)
  SSH_ARGS=(-o BatchMode=yes -o ConnectTimeout="${SSH_CONNECT_TIMEOUT:-10}"
    -o ServerAliveInterval=15 -o ServerAliveCountMax=3
    -o ControlMaster=auto -o ControlPersist=60s -o "ControlPath=$SSH_CTL_DIR/%C")
  if [ -n "${SSH_CONFIG:-}" ]; then SSH_ARGS=(-F "$SSH_CONFIG" "${SSH_ARGS[@]}"); fi
}

trace() {
  [ -n "${SLURM_TOOLKIT_TRACE:-}" ] || return 0
  printf '%s %s %s\n' "$1" "$ACTION" "$2" >>"$SLURM_TOOLKIT_TRACE"
}

ssh_failed() {
  local detail=${1:-}
  out_str detail "$detail"
  fail ssh_failed "SSH 연결 실패: $SLURM_HOST${detail:+ ($detail)}" \
    "→ 네트워크(VPN)와 ssh $SLURM_HOST 접속을 확인하세요. 연결이 돌아오면 make slurm-recover PROFILE=${PROFILE:-<profile>} 로 상태를 복구할 수 있습니다."
}

# remote_prepare STEP SCRIPT_NAME ARGS...: everything before the one ssh of a step: writes $TK_TMP/remote.sh
# (prelude + SCRIPT_NAME.sh + main call), sets REMOTE_NONCE and REMOTE_QARGS (every argument shell-quoted, with
# the nonce and REMOTE_DIR first), SSH_ARGS, and traces the invocation.
remote_prepare() {
  local step=$1 script=$2 a
  shift 2
  REMOTE_NONCE="N$$$(date +%S)$RANDOM"
  REMOTE_QARGS=""
  for a in "$REMOTE_NONCE" "$REMOTE_DIR" "$@"; do
    shell_quote "$a"
    REMOTE_QARGS="$REMOTE_QARGS $REPLY"
  done
  cat "$TK_DIR/remote/prelude.sh" "$TK_DIR/remote/$script.sh" >"$TK_TMP/remote.sh"
  printf '\nmain "$@"\n' >>"$TK_TMP/remote.sh"
  ssh_base_args
  trace ssh "$step"
}

# remote_run STEP SCRIPT_NAME ARGS...: run scripts/slurm/remote/prelude.sh + SCRIPT_NAME.sh on the login node.
# Its output is parsed into R_* variables, $TK_TMP/L.<name> record files and $TK_TMP/B.<name> blocks.
# Returns 0 on a complete answer. Otherwise the run ends with what really failed: ssh itself (exit 255:
# resolve, connect, auth, host key, a dropped connection) → ssh_failed; ssh worked but the remote script did
# not answer (it failed, the disk is full, sbatch is missing, …) → remote_failed (remote_failed_exit).
remote_run() {
  local step=$1
  remote_prepare "$@"
  local nonce=$REMOTE_NONCE qargs=$REMOTE_QARGS
  local rc=0
  # stdout/stderr go to files, never to a pipe: a backgrounded ControlMaster must not hold our caller's pipe.
  ssh "${SSH_ARGS[@]}" "$SLURM_HOST" "bash -s --$qargs" <"$TK_TMP/remote.sh" >"$TK_TMP/r.out" 2>"$TK_TMP/r.err" || rc=$?
  [ "$rc" -ne 255 ] && remote_parse "$nonce" && return 0
  remote_answer_failed "$step" "$rc"
}

# remote_answer_failed STEP RC: after an ssh whose answer was incomplete ($TK_TMP/r.err holds its stderr).
remote_answer_failed() {
  local step=$1 rc=$2
  grep -v '^Warning: Permanently added' "$TK_TMP/r.err" | tr -d '\r' | grep -v '^[[:space:]]*$' >"$TK_TMP/r.err.clean" || true
  # a signal-killed ssh with nothing on stderr is a dropped connection too
  if [ "$rc" -eq 255 ] || { [ "$rc" -gt 128 ] && [ ! -s "$TK_TMP/r.err.clean" ]; }; then
    local why
    why=$(tail -n 1 "$TK_TMP/r.err.clean")
    ssh_failed "${why:-exit $rc}"
  fi
  remote_failed_exit "$step" "$rc" "$TK_TMP/r.err.clean"
}

# remote_failed_exit STEP RC STDERR_FILE: ssh connected, but the remote script failed or never answered.
# JSON: error remote_failed, cause (disk_full | command_missing | script_error | no_answer), exitCode,
# detail (the remote stderr's first lines), command (for command_missing); the hint fits the cause.
remote_failed_exit() {
  local step=$1 rc=$2 errf=$3 first detail cause hint cmd=""
  first=$(head -n 1 "$errf")
  detail=$(head -n 3 "$errf")
  if grep -Eqi 'No space left on device|Disk quota exceeded' "$errf"; then
    cause=disk_full
    hint="→ 서버 디스크 공간(또는 quota)이 부족합니다 ($REMOTE_DIR). 공간을 확보한 뒤 다시 시도하세요 (오래된 run dir 은 make slurm-clean). 네트워크 문제는 아닙니다."
  elif cmd=$(grep -Eo '(sbatch|squeue|sacct|scancel|scontrol|sinfo|rsync|python3|enroot|srun)(: command not found|: not found)' "$errf" | head -n 1) \
       && [ -n "$cmd" ]; then
    cause=command_missing
    cmd=${cmd%%:*}
    out_str command "$cmd"
    hint="→ 서버에 $cmd 명령이 없습니다. SLURM_HOST($SLURM_HOST)가 SLURM 로그인 노드인지, 로그인 셸의 PATH(module load 등)를 확인하세요. 네트워크 문제는 아닙니다."
  elif [ "$rc" -eq 0 ]; then
    cause=no_answer
    hint="→ ssh $SLURM_HOST 로 접속해 로그인 셸 설정(.bashrc 출력, bash 유무)을 확인하세요. 네트워크 문제는 아닙니다."
  else
    cause=script_error
    hint="→ 서버에서 원격 스크립트가 오류로 끝났습니다. 위 오류와 서버의 bash/로그인 셸 설정을 확인하세요. 네트워크 문제는 아닙니다."
  fi
  out_str cause "$cause"
  out_num exitCode "$rc"
  out_str detail "${detail:-exit $rc, no answer}"
  if [ "$rc" -eq 0 ]; then
    fail remote_failed "서버에 접속했지만 원격 단계($step)가 응답 없이 끝났습니다${first:+: $first}." "$hint"
  fi
  fail remote_failed "서버에 접속했지만 원격 단계($step)가 실패했습니다 (exit $rc)${first:+: $first}" "$hint"
}

# remote_parse NONCE: V key value / L name value / B name ... E<nonce> / DONE
remote_parse() {
  local nonce=$1 line tag rest name block="" done=0
  rm -f "$TK_TMP"/L.* "$TK_TMP"/B.*
  JOB_QUERY_GEN=$(( ${JOB_QUERY_GEN:-0} + 1 ))   # job records indexed by find_job are from an earlier answer now
  while IFS= read -r line || [ -n "$line" ]; do
    if [ -n "$block" ]; then
      if [ "$line" = "E$nonce" ]; then block=""; else printf '%s\n' "$line" >>"$TK_TMP/B.$block"; fi
      continue
    fi
    tag=${line%% *}; rest=${line#* }
    [ "$rest" = "$line" ] && rest=""
    case $tag in
      V) name=${rest%% *}; rest=${rest#"$name"}; rest=${rest# }
         matches "$name" '^[a-z][a-z0-9_]*$' && printf -v "R_$name" '%s' "$rest" ;;
      L) name=${rest%% *}; rest=${rest#"$name"}; rest=${rest# }
         matches "$name" '^[a-z][a-z0-9_]*$' && printf '%s\n' "$rest" >>"$TK_TMP/L.$name" ;;
      B) name=${rest%% *}; matches "$name" '^[a-z][a-z0-9_]*$' && { block=$name; : >"$TK_TMP/B.$block"; } ;;
      DONE) done=1 ;;
    esac
  done <"$TK_TMP/r.out"
  [ "$done" = 1 ]
}

# rsync availability/version: 2.6.9 (macOS) is enough for what we use (-a -r, --files-from, --link-dest).
need_rsync() {
  if ! command -v rsync >/dev/null 2>&1; then
    fail rsync_failed "rsync 가 없습니다." "→ brew install rsync (macOS) 또는 apt-get install rsync 로 설치하세요."
  fi
  local v
  v=$(rsync --version 2>/dev/null | head -n 1)
  case $v in
    *openrsync*) ;; # openrsync supports -a, --files-from? not all versions: checked below
    *"version 2.6."[0-8]*|*"version 2.[0-5]."*|*"version 1."*)
      fail rsync_failed "rsync 가 너무 오래되었습니다: $v (2.6.9 이상 필요)" "→ brew install rsync 로 새 rsync 를 설치하세요." ;;
  esac
  case $v in
    *openrsync*)
      if ! rsync --help 2>&1 | grep -q -- '--files-from'; then
        fail rsync_failed "이 rsync(openrsync)는 --files-from 을 지원하지 않습니다." "→ brew install rsync 로 GNU rsync 를 설치하세요."
      fi ;;
  esac
}

# rsync_e -> REPLY: the -e value for rsync (ssh with the same options; quoted for rsync's own splitting).
rsync_e() {
  ssh_base_args
  local a acc="ssh"
  for a in "${SSH_ARGS[@]}"; do
    case $a in *[!A-Za-z0-9_./=:%,+-]*) acc="$acc '$a'" ;; *) acc="$acc $a" ;; esac
  done
  REPLY=$acc
}

# rsync_run STEP ARGS...: one rsync invocation; failure → rsync_failed (or ssh_failed when it could not connect).
rsync_run() {
  local step=$1 rc=0
  shift
  rsync_e
  trace rsync "$step"
  rsync -e "$REPLY" "$@" >"$TK_TMP/rsync.out" 2>"$TK_TMP/rsync.err" || rc=$?
  if [ "$rc" -ne 0 ]; then
    local why
    why=$(grep -v '^Warning: Permanently added' "$TK_TMP/rsync.err" | tr -d '\r' | tail -n 1)
    if [ "$rc" -eq 255 ] || grep -Eq 'connection unexpectedly closed|Connection refused|Could not resolve|timed out' "$TK_TMP/rsync.err"; then
      ssh_failed "rsync: ${why:-exit $rc}"
    fi
    out_str detail "${why:-exit $rc}"
    # a full disk is said as such, on the side that is full: a pull writes here, every other step on the server
    if grep -Eq 'No space left on device|Disk quota exceeded' "$TK_TMP/rsync.err"; then
      if [ "$step" = pull ]; then
        fail disk_full "로컬 디스크 공간이 부족해 결과를 받지 못했습니다 ($PROJECT_DIR)." \
          "→ 로컬 디스크 공간을 확보한 뒤 make slurm-collect PROFILE=${PROFILE:-<profile>} 로 다시 받으세요. 서버의 run dir 은 그대로 있습니다."
      fi
      fail disk_full "서버 디스크 공간이 부족합니다 ($REMOTE_DIR)." \
        "→ 서버에서 공간을 확보한 뒤 다시 시도하세요 (오래된 run dir 은 make slurm-clean 으로 정리)."
    fi
    fail rsync_failed "rsync 실패 (exit $rc): $why" "→ 서버 디스크/권한을 확인하고 다시 시도하세요."
  fi
}
