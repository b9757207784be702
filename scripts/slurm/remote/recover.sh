# shellcheck shell=bash
# recover: ARGS profile job_name. Jobs named job_name whose work dir is one of $RD/runs/profile-*; run dirs.
main() {
  init "$1" "$2"; shift 2
  local profile=$1 job_name=$2 d latest="" real_rd out rc id name state elapsed exitc wd seen=" " R_LINES="" line
  real_rd=$(readlink -f "$RD")
  for d in "$RD"/runs/"$profile"-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9]; do
    [ -d "$d" ] || continue
    L run "runs/${d##*/}"
    latest="runs/${d##*/}"
    # a sweep's run dir keeps its task table: one line per task, so slurm/jobs/PROFILE.sweep can be written again
    if [ -f "$d/sweep/grid.txt" ]; then
      while IFS= read -r line; do [ -n "$line" ] && L sweep "runs/${d##*/}|$line"; done <"$d/sweep/grid.txt"
    fi
  done
  V latest_run "$latest"
  # ours = work dir under this REMOTE_DIR's runs/ (other projects/tests may use the same job name)
  ours() {
    case $1 in "$RD/runs/$profile"-*|"$real_rd/runs/$profile"-*) return 0 ;; esac
    return 1
  }
  out=$(squeue --me -h -t all -n "$job_name" -o '%i|%j|%T|%M|%Z' 2>&1); rc=$?
  if [ $rc -ne 0 ]; then V squeue_ok 0; else V squeue_ok 1; fi
  if [ $rc -eq 0 ]; then
    while IFS='|' read -r id name state elapsed wd; do
      if [ -z "$id" ] || ! ours "$wd"; then continue; fi
      exitc=""
      is_terminal "$state" && exitc=$(exit_code "$id")
      R_LINES="$R_LINES$id|$name|$state|$elapsed|$exitc|${wd/#$real_rd/$RD}"$'\n'
      seen="$seen$id "
    done <<<"$out"
  fi
  out=$(sacct -X -P -n --name="$job_name" -S now-30days -o JobID,JobName,State,Elapsed,ExitCode,WorkDir 2>&1); rc=$?
  if [ $rc -ne 0 ]; then V sacct_ok 0; else V sacct_ok 1; fi
  if [ $rc -eq 0 ]; then
    while IFS='|' read -r id name state elapsed exitc wd; do
      if [ -z "$id" ] || ! ours "$wd"; then continue; fi
      case $seen in *" $id "*) continue ;; esac
      R_LINES="$R_LINES$id|$name|${state%% *}|$elapsed|$exitc|${wd/#$real_rd/$RD}"$'\n'
    done <<<"$out"
  fi
  # a sweep's tasks (812_3, 812_[4-9]) become one record for the array id: active while any task is, COMPLETED when
  # all are, else the first other end state
  printf '%s' "$R_LINES" | awk -F'|' '
    $1 == "" { next }
    { id = $1; sub(/_.*/, "", id)
      if (!(id in rec)) { order[++n] = id; rec[id] = $0; st[id] = ""; }
      s = $3
      if (s !~ /^(COMPLETED|FAILED|CANCELLED|TIMEOUT|OUT_OF_MEMORY|NODE_FAIL|PREEMPTED|BOOT_FAIL|DEADLINE|SPECIAL_EXIT|REVOKED)$/) act[id] = s
      else if (s != "COMPLETED" && bad[id] == "") bad[id] = s
      if ($6 != "" && wd[id] == "") wd[id] = $6 }
    END { for (i = 1; i <= n; i++) { id = order[i]; split(rec[id], f, "|")
            s = act[id] != "" ? act[id] : (bad[id] != "" ? bad[id] : "COMPLETED")
            if (rec[id] !~ /^[0-9]+_/) s = f[3]
            print "L job " id "|" f[2] "|" s "|" f[4] "|" f[5] "|" wd[id] } }'

  done_
}
