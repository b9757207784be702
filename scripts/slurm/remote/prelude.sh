#!/usr/bin/env bash
# Runs on the login node (Linux, GNU tools), prepended to one step script and sent over ssh stdin.
# Output protocol (parsed by lib/remote.sh): "V key value", "L name value", "B name" ... "E<nonce>", "DONE".
# Arguments: $1 nonce, $2 REMOTE_DIR, then the step's own arguments.
set -u

NONCE=""
RD=""

V() { local v=${2-}; printf 'V %s %s\n' "$1" "${v//$'\n'/ }"; }
L() { local v=${2-}; printf 'L %s %s\n' "$1" "${v//$'\n'/ }"; }
# B NAME: copy stdin as a block (invalid UTF-8 dropped so the local JSON stays valid)
B() {
  printf 'B %s\n' "$1"
  if command -v iconv >/dev/null 2>&1; then iconv -f UTF-8 -t UTF-8 -c; else cat; fi
  printf '\nE%s\n' "$NONCE"
}
done_() { printf 'DONE\n'; exit 0; }

# Terminal SLURM states (anything else — PENDING, RUNNING, CONFIGURING, COMPLETING, SUSPENDED, REQUEUED… — is active).
is_terminal() {
  case $1 in
    COMPLETED|FAILED|CANCELLED|TIMEOUT|OUT_OF_MEMORY|NODE_FAIL|PREEMPTED|BOOT_FAIL|DEADLINE|SPECIAL_EXIT|REVOKED) return 0 ;;
  esac
  return 1
}

# query_jobs ID...: one squeue for the user's jobs plus one batched sacct for the given ids squeue does not show.
# Emits "L job id|name|state|elapsed|nodes|nodelist|reason|exit|workdir|src" for every id found,
# and V squeue_ok / V sacct_ok (0/1). A failed query is never read as "finished".
# An array job (make slurm-sweep) answers as its tasks: "L job 812_3|…" for every task of a wanted 812 (squeue -r
# lists each task, pending ones too; sacct is always asked too for an array, for tasks that already left the queue).
query_jobs() {
  local out rc id missing="" found=" " shown=" "
  out=$(squeue --me -t all -r -h -o '%i|%j|%T|%M|%D|%N|%r|%Z' 2>&1); rc=$?
  if [ $rc -ne 0 ]; then V squeue_ok 0; V squeue_err "$(printf '%s' "$out" | tail -n 1)"; out=""; else V squeue_ok 1; fi
  SQUEUE_OUT=$out
  while IFS='|' read -r id name state elapsed nodes nodelist reason workdir; do
    [ -n "$id" ] || continue
    for want in "$@"; do
      if [ "$want" = "$id" ] || [ "$want" = "${id%%_*}" ]; then
        L job "$id|$name|$state|$elapsed|$nodes|$nodelist|$reason||$workdir|squeue"
        QJ_STATE="$QJ_STATE $id=$state"
        QJ_WD="$QJ_WD $id=$workdir"
        shown="$shown$id "
        [ "$want" = "$id" ] && found="$found$id "
      fi
    done
  done <<<"$out"
  for id in "$@"; do
    case $found in *" $id "*) ;; *) missing="${missing:+$missing,}$id" ;; esac
  done
  if [ -n "$missing" ]; then
    out=$(sacct -X -P -n -j "$missing" -o JobID,JobName,State,Elapsed,NNodes,NodeList,Reason,ExitCode,WorkDir 2>&1); rc=$?
    if [ $rc -ne 0 ]; then V sacct_ok 0; V sacct_err "$(printf '%s' "$out" | tail -n 1)"; return 0; fi
    V sacct_ok 1
    while IFS='|' read -r id name state elapsed nodes nodelist reason exitc workdir; do
      [ -n "$id" ] || continue
      # tasks squeue already showed; sacct's collapsed pending tasks (812_[2-5%2]) are squeue's to list
      case $shown in *" $id "*) continue ;; esac
      case $id in *'['*) continue ;; esac
      L job "$id|$name|${state%% *}|$elapsed|$nodes|$nodelist|$reason|$exitc|$workdir|sacct"
      QJ_STATE="$QJ_STATE $id=${state%% *}"
      QJ_WD="$QJ_WD $id=$workdir"
    done <<<"$out"
  else
    V sacct_ok 1
  fi
}

# exit_code ID -> stdout: ExitCode of a job from scontrol while slurmctld still knows it (right at the end: slurmdbd may
# not have written the exit code yet and sacct then says 0:0 for a FAILED job), else from sacct.
exit_code() {
  local e
  e=$(scontrol show job -o "$1" 2>/dev/null | tr ' ' '\n' | sed -n 's/^ExitCode=//p' | head -n 1)
  if [ -z "$e" ]; then
    e=$(sacct -X -P -n -j "$1" -o ExitCode 2>/dev/null | head -n 1)
  fi
  printf '%s' "$e"
}

# log_tail ID N: last lines of .err then .out, as block "logtail"
log_tail() {
  local id=$1 n=${2:-30}
  {
    if [ -s "$RD/slurm/logs/$id.err" ]; then printf -- '--- %s.err ---\n' "$id"; tail -n "$n" "$RD/slurm/logs/$id.err"; fi
    if [ -s "$RD/slurm/logs/$id.out" ]; then printf -- '--- %s.out ---\n' "$id"; tail -n "$n" "$RD/slurm/logs/$id.out"; fi
  } | B logtail
}

# array_tails ID [MAX]: once every task of array ID has ended, the last lines of up to MAX (5) failed tasks' logs
# as one block "logtail" (a 20-task sweep never sends 20 logs); nothing while a task is still active.
array_tails() {
  local id=$1 max=${2:-5} w t st failed="" n=0
  for w in $QJ_STATE; do
    t=${w%%=*}; st=${w#*=}
    case $t in "${id}_"*) ;; *) continue ;; esac
    is_terminal "$st" || return 0
    [ "$st" = COMPLETED ] && continue
    n=$((n + 1)); [ "$n" -le "$max" ] && failed="$failed $t"
  done
  [ -n "$failed" ] || return 0
  V failed_shown "$n"
  for t in $failed; do
    if [ -s "$RD/slurm/logs/$t.err" ]; then printf -- '--- %s.err ---\n' "$t"; tail -n 8 "$RD/slurm/logs/$t.err"; fi
    if [ -s "$RD/slurm/logs/$t.out" ]; then printf -- '--- %s.out ---\n' "$t"; tail -n 3 "$RD/slurm/logs/$t.out"; fi
  done | B logtail
}

# qstate ID -> stdout: state from the last query_jobs (empty when not found)
qstate() {
  local w
  for w in $QJ_STATE; do
    [ "${w%%=*}" = "$1" ] && printf '%s' "${w#*=}"
  done
}

# qworkdir ID -> stdout: the job's work dir from the last query_jobs (paths here never contain blanks)
qworkdir() {
  local w
  for w in $QJ_WD; do
    [ "${w%%=*}" = "$1" ] && printf '%s' "${w#*=}"
  done
}

QJ_STATE=""
QJ_WD=""

# init NONCE REMOTE_DIR: first call of every main. Stdin is the script itself (bash -s): detach it only now, once
# bash has read the whole script, so no command can swallow it.
init() {
  exec </dev/null
  NONCE=$1
  RD=$2
  # REMOTE_DIR is created by the first push; until then every step reads it as empty
  if [ -d "$RD" ]; then V rd_exists 1; else V rd_exists 0; fi
}
