# shellcheck shell=bash
# Local tracking files (seed): slurm/jobs/PROFILE.jobid (job id), slurm/jobs/PROFILE.rundir (run dir, relative
# to REMOTE_DIR, e.g. runs/backtest_v5-20260224-143052). collect moves .jobid to PROFILE.lastjob so a rerun is not
# flagged as a duplicate while `make slurm-log` still finds the last job's log.

jobid_file() { printf '%s/%s.jobid' "$JOBS_DIR" "$1"; }
rundir_file() { printf '%s/%s.rundir' "$JOBS_DIR" "$1"; }
lastjob_file() { printf '%s/%s.lastjob' "$JOBS_DIR" "$1"; }

# tracked_jobid PROFILE -> REPLY (empty if none or not digits)
tracked_jobid() {
  read_first_line "$(jobid_file "$1")" || { REPLY=""; return 1; }
  matches "$REPLY" "$RE_JOBID" || { REPLY=""; return 1; }
}

# tracked_rundir PROFILE -> REPLY (relative run dir; an absolute path under REMOTE_DIR is made relative)
tracked_rundir() {
  read_first_line "$(rundir_file "$1")" || { REPLY=""; return 1; }
  case $REPLY in "$REMOTE_DIR"/*) REPLY=${REPLY#"$REMOTE_DIR"/} ;; esac
  REPLY=${REPLY%/}
  if ! matches "$REPLY" '^runs/[A-Za-z0-9][A-Za-z0-9_.-]*-[0-9]{8}-[0-9]{6}$'; then REPLY=""; return 1; fi
}

save_jobid() { mkdir -p "$JOBS_DIR" && write_atomic "$(jobid_file "$1")" "$2"; }
save_rundir() { mkdir -p "$JOBS_DIR" && write_atomic "$(rundir_file "$1")" "$2"; }

# tracked_profiles: profile names that have a .jobid or .rundir, one per line, sorted, unique
tracked_profiles() {
  local f n
  for f in "$JOBS_DIR"/*.jobid "$JOBS_DIR"/*.rundir; do
    [ -f "$f" ] || continue
    n=${f##*/}; n=${n%.*}
    matches "$n" "$RE_PROFILE" && printf '%s\n' "$n"
  done | sort -u
}

# job_id_for_profile: JOBID variable, else the profile's .jobid, else fail no_jobid.
need_jobid() {
  if [ -n "${JOBID:-}" ]; then REPLY=$JOBID; return 0; fi
  need_profile_name
  tracked_jobid "$PROFILE" && return 0
  out_str profile "$PROFILE"
  fail no_jobid "$PROFILE.jobid 가 없습니다. submit 먼저 실행 필요합니다." \
    "→ make slurm-run PROFILE=$PROFILE (또는 make slurm-submit PROFILE=$PROFILE). 연결이 끊겼었다면 make slurm-recover PROFILE=$PROFILE"
}

# job record "id|name|state|elapsed|nodes|nodelist|reason|exit|workdir|src" lookups from $TK_TMP/L.job
# find_job ID -> sets J_ID J_NAME J_STATE J_ELAPSED J_NODES J_NODELIST J_REASON J_EXIT J_WORKDIR; false if absent
# The records are indexed once per query (one variable JREC_<id> per job, bash 3.2-safe): status looks up every
# tracked job up to three times, and a scan per lookup made 200 tracked jobs cost seconds of local work.
# remote_parse bumps JOB_QUERY_GEN, so an index from an earlier query is never read.
JOB_QUERY_GEN=${JOB_QUERY_GEN:-0}
JOB_INDEX_GEN=""
index_jobs() {
  local line id name prev
  JOB_INDEX_GEN=$JOB_QUERY_GEN
  [ -f "$TK_TMP/L.job" ] || return 0
  while IFS= read -r line; do
    id=${line%%|*}
    matches "$id" '^[0-9]+(_[0-9]+)?$' || continue
    # first record of an id wins, as the scan did
    name="JREC_$id"
    prev=${!name-}
    [ "${prev%%|*}" = "$JOB_QUERY_GEN" ] && continue
    printf -v "JREC_$id" '%s|%s' "$JOB_QUERY_GEN" "$line"
  done <"$TK_TMP/L.job"
}

find_job() {
  J_ID="" J_NAME="" J_STATE="" J_ELAPSED="" J_NODES="" J_NODELIST="" J_REASON="" J_EXIT="" J_WORKDIR=""
  matches "$1" '^[0-9]+(_[0-9]+)?$' || return 1
  [ "$JOB_INDEX_GEN" = "$JOB_QUERY_GEN" ] || index_jobs
  local name="JREC_$1" rec gen
  rec=${!name-}
  gen=${rec%%|*}
  [ -n "$rec" ] && [ "$gen" = "$JOB_QUERY_GEN" ] || return 1
  rec=${rec#*|}
  local id nm state elapsed nodes nodelist reason exitc workdir src
  IFS='|' read -r id nm state elapsed nodes nodelist reason exitc workdir src <<EOF_REC
$rec
EOF_REC
  J_ID=$id J_NAME=$nm J_STATE=$state J_ELAPSED=$elapsed J_NODES=$nodes J_NODELIST=$nodelist
  J_REASON=$reason J_EXIT=$exitc J_WORKDIR=$workdir
  return 0
}

is_terminal_state() {
  case $1 in
    COMPLETED|FAILED|CANCELLED|TIMEOUT|OUT_OF_MEMORY|NODE_FAIL|PREEMPTED|BOOT_FAIL|DEADLINE|SPECIAL_EXIT|REVOKED) return 0 ;;
  esac
  return 1
}

# state_of_queried ID -> REPLY: state from the last query, UNKNOWN when a query failed, GONE when both
# queries answered and neither knows the id.
state_of_queried() {
  # a known sweep (PROFILE.sweep names it: SWEEP_EXPECTED > 0) is its tasks, whatever else a query says about the id
  if [ "${SWEEP_EXPECTED:-0}" -gt 0 ] && array_summary "$1"; then
    find_job "" || true   # no single-job record: every J_* empty
    REPLY=$A_STATE; return 0
  fi
  if find_job "$1"; then REPLY=$J_STATE; return 0; fi
  if array_summary "$1"; then REPLY=$A_STATE; return 0; fi
  if [ "${R_squeue_ok:-0}" = 1 ] && [ "${R_sacct_ok:-0}" = 1 ]; then REPLY=GONE; else REPLY=UNKNOWN; fi
}

# elapsed in HH:MM:SS: squeue prints M:SS for short jobs
norm_elapsed() {
  local e=$1
  case $e in
    ''|INVALID) REPLY="" ;;
    *-*) REPLY=$e ;;
    *:*:*) REPLY=$e ;;
    *:*) REPLY="00:$e"; [ ${#e} -eq 4 ] && REPLY="00:0$e" ;;
    *) REPLY=$e ;;
  esac
}

# pending_reason REASON -> REPLY: squeue's reason, empty when it has none yet ("None", "(null)", blank)
pending_reason() {
  case $1 in ''|None|'(null)'|null) REPLY="" ;; *) REPLY=$1 ;; esac
}

# ---------------------------------------------------------------- sweeps (array jobs, make slurm-sweep)
# slurm/jobs/PROFILE.sweep: line 1 the array id, then one line per task (index order) with the swept arguments.
# It belongs to the array id in PROFILE.jobid (or .lastjob after collect); a later single run leaves it stale.
sweep_file() { printf '%s/%s.sweep' "$JOBS_DIR" "$1"; }

# sweep_tasks_of PROFILE ID -> REPLY: number of tasks when PROFILE.sweep describes array ID, else false
sweep_tasks_of() {
  local f
  f=$(sweep_file "$1"); REPLY=""
  if ! read_first_line "$f" || [ "$REPLY" != "$2" ]; then REPLY=""; return 1; fi
  REPLY=$(( $(wc -l <"$f") - 1 ))
}

# sweep_args_of PROFILE INDEX -> REPLY: swept arguments of task INDEX (empty when unknown)
sweep_args_of() {
  REPLY=$(sed -n "$(( $2 + 2 ))p" "$(sweep_file "$1")" 2>/dev/null)
}

# array_summary ID [EXPECTED]: the tasks ID_N of an array in the last query -> A_TOTAL A_PENDING A_RUNNING A_DONE
# (COMPLETED) A_FAILED (any other end state) A_FAILED_IDS A_STATE A_COUNTS; false when no task of ID is known.
# A_STATE: RUNNING/PENDING while any task is active (or EXPECTED tasks are not all seen yet), COMPLETED when all
# completed, else the first of FAILED OUT_OF_MEMORY TIMEOUT NODE_FAIL … CANCELLED that a task ended in.
array_summary() {
  local id=$1 expected=${2:-${SWEEP_EXPECTED:-0}} line tid st worst="" seen=" " i
  A_TOTAL=0 A_PENDING=0 A_RUNNING=0 A_DONE=0 A_FAILED=0 A_FAILED_IDS="" A_STATE="" A_COUNTS=""
  [ -f "$TK_TMP/L.job" ] || return 1
  while IFS='|' read -r tid _ st _; do
    case $tid in "${id}_"*) ;; *) continue ;; esac
    matches "$tid" '^[0-9]+_[0-9]+$' || continue
    A_TOTAL=$((A_TOTAL + 1))
    seen="$seen${tid#"${id}"_} "
    case $st in
      PENDING) A_PENDING=$((A_PENDING + 1)) ;;
      COMPLETED) A_DONE=$((A_DONE + 1)) ;;
      *) if is_terminal_state "$st"; then
           A_FAILED=$((A_FAILED + 1)); A_FAILED_IDS="${A_FAILED_IDS:+$A_FAILED_IDS }$tid"
           for line in FAILED OUT_OF_MEMORY TIMEOUT NODE_FAIL BOOT_FAIL PREEMPTED DEADLINE SPECIAL_EXIT REVOKED CANCELLED; do
             if [ "$st" = "$line" ]; then
               case " $worst " in *" $line "*) ;; *) worst="$worst $line" ;; esac
             fi
           done
         else A_RUNNING=$((A_RUNNING + 1))   # RUNNING, COMPLETING, CONFIGURING, SUSPENDED…
         fi ;;
    esac
  done <"$TK_TMP/L.job"
  [ "$A_TOTAL" -gt 0 ] || return 1
  if [ "$expected" -gt "$A_TOTAL" ]; then
    if [ "${R_squeue_ok:-0}" = 1 ] && [ "${R_sacct_ok:-0}" = 1 ] && [ "$A_PENDING" -eq 0 ] && [ "$A_RUNNING" -eq 0 ]; then
      # squeue -r lists every queued task and nothing of the array is active: a task with no line anywhere was
      # cancelled while still pending (slurmctld cleared its bit; slurmdbd never got a line). Not pending for ever
      i=0
      while [ "$i" -lt "$expected" ]; do
        case $seen in *" $i "*) ;; *)
          A_FAILED=$((A_FAILED + 1)); A_FAILED_IDS="${A_FAILED_IDS:+$A_FAILED_IDS }${id}_$i"
          case " $worst " in *" CANCELLED "*) ;; *) worst="$worst CANCELLED" ;; esac ;;
        esac
        i=$((i + 1))
      done
    else
      # tasks the query did not list yet (a failed squeue, a moment after sbatch) count as pending
      A_PENDING=$((A_PENDING + expected - A_TOTAL))
    fi
    A_TOTAL=$expected
  fi
  if [ "$A_RUNNING" -gt 0 ]; then A_STATE=RUNNING
  elif [ "$A_PENDING" -gt 0 ]; then A_STATE=PENDING
  elif [ "$A_FAILED" -eq 0 ]; then A_STATE=COMPLETED
  else
    for line in FAILED OUT_OF_MEMORY TIMEOUT NODE_FAIL BOOT_FAIL PREEMPTED DEADLINE SPECIAL_EXIT REVOKED CANCELLED; do
      case " $worst " in *" $line "*) A_STATE=$line; break ;; esac
    done
  fi
  A_COUNTS="⏳ $A_PENDING · 🏃 $A_RUNNING · ✅ $A_DONE · ❌ $A_FAILED"
  return 0
}

# out_array_counts: the last array_summary as JSON key "tasks" ({total, pending, running, completed, failed}).
out_array_counts() {
  local acc="" t
  for t in $A_FAILED_IDS; do json_str "$t"; acc="${acc:+$acc,}$REPLY"; done
  out_raw taskCounts "{\"total\":$A_TOTAL,\"pending\":$A_PENDING,\"running\":$A_RUNNING,\"completed\":$A_DONE,\"failed\":$A_FAILED}"
  out_raw failedTasks "[$acc]"
}
