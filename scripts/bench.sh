#!/usr/bin/env bash
# Summary: measure the make toolkit against a naive baseline and the bot; print one table, write bench/results/
# Usage: make bench [BENCH_N=3] [BENCH_RTT_MS=30] [BENCH_ONLY=toolkit|bot|sweep|watch] [BENCH_TREE_FILES=5000] [BENCH_SWEEP_TASKS=20]
#        watch rows (docs/watch-events.md): [BENCH_WATCH_JOBS=10] [BENCH_WATCH_LONG=1: also 3-min and 20-min jobs]
#        [BENCH_WATCH_QUIET=60 seconds] [BENCH_WATCH_SIZES=1,200] [BENCH_TEAM_SPREADS=60,5 seconds]
#
# Runs against the dev cluster (scripts/dev-cluster.sh up) with a temp project and its own remote dir under the dev
# root; it cancels/removes only what it created. Every figure is the median of BENCH_N runs with [min–max].
# Toolkit rows run twice: through an ssh ProxyCommand that only relays (RTT 0 = loopback) and through one that
# delays each direction by BENCH_RTT_MS/2 (a laptop far from the cluster). Both go through the same relay so the
# byte counts (ssh traffic, both directions) are measured the same way.
set -euo pipefail
export LANG=C.UTF-8 LC_ALL=C.UTF-8

REPO="$(cd "$(dirname "$0")/.." && pwd -P)"
N=${BENCH_N:-3}
RTT=${BENCH_RTT_MS:-30}
ONLY=${BENCH_ONLY:-all}
TREE_FILES=${BENCH_TREE_FILES:-5000}
case $N in ''|*[!0-9]*|0) echo "BENCH_N must be a positive integer" >&2; exit 2 ;; esac
case $RTT in ''|*[!0-9]*) echo "BENCH_RTT_MS must be an integer (ms)" >&2; exit 2 ;; esac
MODES="0"
[ "$RTT" -gt 0 ] && MODES="0 $RTT"

OUT_DIR="$REPO/bench/results"
WORK=$(mktemp -d /tmp/slurm-bench.XXXXXX)
ROWS="$WORK/rows.tsv"   # measurement \t rtt \t variant \t median \t min \t max \t unit \t ssh \t rsync \t bytes \t n
: >"$ROWS"
DEV_CONF="$REPO/config/cluster.dev.conf"
REMOTE_BASE=""
SUBMITTED="$WORK/submitted.ids"
: >"$SUBMITTED"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
conf_value() { sed -n "s/^$2=//p" "$1" | tail -n 1; }
now_ms() { date +%s%3N; }

cleanup() {
  local id
  if [ -s "$SUBMITTED" ]; then
    while read -r id; do
      case $id in ''|*[!0-9]*) continue ;; esac
      scancel "$id" >/dev/null 2>&1 || true
    done <"$SUBMITTED"
  fi
  for d in "$WORK"/ctl-*; do
    [ -d "$d" ] || continue
    for s in "$d"/*; do
      if [ -S "$s" ]; then ssh -o ControlPath="$s" -O exit dummy >/dev/null 2>&1 || true; fi
    done
  done
  case $REMOTE_BASE in */bench-runs/b*) rm -rf -- "$REMOTE_BASE" ;; esac
  rm -rf -- "$WORK"
}
[ -n "${BENCH_KEEP:-}" ] || trap cleanup EXIT

# stats FILE -> "median min max" (numbers, one per line)
stats() {
  python3 -c '
import statistics, sys
v = [float(x) for x in open(sys.argv[1]) if x.strip()]
print("%g %g %g" % (statistics.median(v), min(v), max(v)) if v else "nan nan nan")' "$1"
}

# add_row MEASUREMENT RTT VARIANT UNIT SAMPLES_FILE SSH RSYNC BYTES
add_row() {
  local m
  m=$(stats "$5" | tr ' ' '\t')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$m" "$4" "$6" "$7" "$8" \
    "$(grep -c . "$5" || true)" >>"$ROWS"
}

# ---------------------------------------------------------------- toolkit
setup_toolkit() {
  [ -f "$DEV_CONF" ] || "$REPO/scripts/dev-cluster.sh" up >&2
  local dev_remote
  dev_remote=$(conf_value "$DEV_CONF" REMOTE_DIR)
  DEV_SSH=$(conf_value "$DEV_CONF" SSH_CONFIG)
  DEV_PORT=$(ssh -G -F "$DEV_SSH" slurm-dev | awk '$1=="port"{print $2}')
  DEV_KEY=$(ssh -G -F "$DEV_SSH" slurm-dev | awk '$1=="identityfile"{print $2; exit}')
  DEV_KH=$(ssh -G -F "$DEV_SSH" slurm-dev | awk '$1=="userknownhostsfile"{print $2; exit}')
  REMOTE_BASE="$(dirname "$dev_remote")/bench-runs/b$$-$(date +%s)"
  # the interpreter itself, not a version-manager shim (a shim's start-up would be charged to every connection)
  PY=$(python3 -c 'import sys; print(sys.executable)')
  PROJ="$WORK/project"
  mkdir -p "$PROJ/slurm/jobs" "$PROJ/slurm/logs" "$PROJ/slurm/profiles"
  cp -R "$REPO/slurm/templates" "$PROJ/slurm/"
  cp -R "$REPO/ptj_lab" "$REPO/simulation" "$REPO/experiments" "$PROJ/"
  # a small job so the bench does not queue behind 20-CPU jobs of others
  sed -e 's/^CPUS=.*/CPUS=1/' -e 's/^MEM=.*/MEM=300M/' -e 's/^TIME=.*/TIME=00:10:00/' \
    "$REPO/slurm/profiles/backtest_v5.conf" >"$PROJ/slurm/profiles/bench_job.conf"
  # the 5,000-file tree
  python3 - "$PROJ/tree" "$TREE_FILES" <<'PY'
import os, random, sys
root, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(7)
for i in range(n):
    d = os.path.join(root, "d%02d" % (i % 50))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%04d.py" % i), "w") as f:
        f.write("# generated\n" + "x = %d\n" % rnd.randrange(10**9) * 8)
PY
  sed -e 's|^CODE_FILES=.*|CODE_FILES=simulation/backtests/backtest_v5.py tree/|' \
    "$PROJ/slurm/profiles/bench_job.conf" >"$PROJ/slurm/profiles/bench_tree.conf"
}

# mode_setup RTT: ssh config with a relay (delay RTT/2 each way), cluster conf, private ControlMaster dir
mode_setup() {
  local rtt=$1 half
  half=$(python3 -c "print($rtt/2)")
  BYTES="$WORK/bytes-$rtt.log"
  : >"$BYTES"
  cat >"$WORK/ssh_config-$rtt" <<CONF
Host bench-far
  HostName 127.0.0.1
  Port $DEV_PORT
  User root
  IdentityFile $DEV_KEY
  IdentitiesOnly yes
  UserKnownHostsFile $DEV_KH
  HostKeyAlias [127.0.0.1]:$DEV_PORT
  StrictHostKeyChecking yes
  BatchMode yes
  LogLevel ERROR
  ProxyCommand $PY $REPO/bench/delay-proxy.py 127.0.0.1 $DEV_PORT $half $BYTES
CONF
  export SSH_CONFIG="$WORK/ssh_config-$rtt" SLURM_HOST=bench-far
  export REMOTE_DIR="$REMOTE_BASE/rtt$rtt"
  export CLUSTER_CONF="$WORK/cluster-$rtt.conf"
  {
    echo "SLURM_HOST=bench-far"; echo "REMOTE_DIR=$REMOTE_DIR"; echo "PARTITION=all"; echo "ACCOUNT=default"
    echo "CONTAINER_IMAGE=$REMOTE_DIR/slurm/images/none.sqsh"; echo "CONTAINER_RUNTIME=none"
    echo "SSH_CONFIG=$SSH_CONFIG"
  } >"$CLUSTER_CONF"
  export SSH_CTL_DIR="$WORK/ctl-$rtt"
  mkdir -m 700 "$SSH_CTL_DIR"
  export PROJECT_DIR="$PROJ" SLURM_TOOLKIT_TRACE="$WORK/trace-$rtt.log"
  unset OUTPUT PROFILE JOBID FORCE CONFIRM DRY_RUN PARTITION ACCOUNT CPUS MEM TIME LINES STREAM
  ssh -F "$SSH_CONFIG" -o ControlPath=none bench-far "mkdir -p '$REMOTE_DIR/data' '$REMOTE_DIR/slurm/logs'"
  : >"$BYTES"
}

mode_teardown() {
  local s
  for s in "$SSH_CTL_DIR"/*; do
    if [ -S "$s" ]; then ssh -o ControlPath="$s" -O exit bench-far >/dev/null 2>&1 || true; fi
  done
  sleep 0.3
}

# timed VARIANT STEP CMD...: run CMD, append wall ms / ssh / rsync / bytes of this call to $WORK/s.<variant>.<step>.*
timed() {
  local variant=$1 step=$2 t0 t1 rc=0 pre
  shift 2
  : >"$SLURM_TOOLKIT_TRACE"
  sleep 0.05; : >"$BYTES"
  t0=$(now_ms)
  "$@" >"$WORK/last.out" 2>"$WORK/last.err" || rc=$?
  t1=$(now_ms)
  if [ "$rc" -ne 0 ]; then
    log "$variant $step failed (exit $rc):"; tail -n 5 "$WORK/last.out" "$WORK/last.err" >&2; return 1
  fi
  pre="$WORK/s.$variant.$step"
  echo $((t1 - t0)) >>"$pre.ms"
  grep -c '^ssh ' "$SLURM_TOOLKIT_TRACE" >>"$pre.ssh" || true
  grep -c '^rsync ' "$SLURM_TOOLKIT_TRACE" >>"$pre.rsync" || true
  # the ControlMaster's relay logs its bytes only when it exits: product byte counts come from the tree rows,
  # where the master is closed before counting
  sleep 0.2
  awk '{s+=$1+$2} END{print s+0}' "$BYTES" >>"$pre.bytes"
}

product() { make -s --no-print-directory -f "$REPO/Makefile" -C "$PROJ" "slurm-$1" "${@:2}" OUTPUT=json; }
naive() { PROFILE=$2 "$REPO/bench/naive/$1.sh"; }

wait_final() {
  local id=$1 st i
  for i in $(seq 1 600); do
    st=$(sacct -X -n -P -j "$id" -o State 2>/dev/null | head -n 1 | awk '{print $1}')
    case $st in COMPLETED|FAILED|CANCELLED*|TIMEOUT|OUT_OF_MEMORY|NODE_FAIL) return 0 ;; esac
    sleep 0.5
  done
  log "job $id did not finish"; return 1
}

steps_once() {
  local variant=$1 run=$2 id
  rm -f "$PROJ/slurm/jobs/bench_job.jobid" "$PROJ/slurm/jobs/bench_job.rundir"
  timed "$variant" push "$run" push bench_job PROFILE=bench_job
  timed "$variant" submit "$run" submit bench_job PROFILE=bench_job
  id=$(cat "$PROJ/slurm/jobs/bench_job.jobid")
  echo "$id" >>"$SUBMITTED"
  wait_final "$id"
  timed "$variant" status "$run" status bench_job
  timed "$variant" log "$run" log bench_job PROFILE=bench_job
  timed "$variant" collect "$run" collect bench_job PROFILE=bench_job
}

# product/naive argument shapes differ; adapt: product STEP PROFILE VAR=.. / naive STEP PROFILE
p_run() { local step=$1; shift 2; product "$step" "$@"; }
n_run() { naive "$1" "$2"; }

emit_steps() {
  local rtt=$1 v s label
  for v in product naive; do
    for s in push submit status log collect; do
      label="slurm-$s"
      add_row "$label" "$rtt" "$v" ms "$WORK/s.$v.$s.ms" "$(stats "$WORK/s.$v.$s.ssh" | cut -d' ' -f1)" \
        "$(stats "$WORK/s.$v.$s.rsync" | cut -d' ' -f1)" ""
    done
  done
}

status_scaling() {
  local rtt=$1 k i ids n variant
  ids=()
  while IFS= read -r i; do ids[${#ids[@]}]=$i; done < <(grep . "$SUBMITTED")
  for k in 1 20 200; do
    rm -f "$PROJ"/slurm/jobs/*.jobid "$PROJ"/slurm/jobs/*.rundir
    for ((i = 0; i < k; i++)); do echo "${ids[$((i % ${#ids[@]}))]}" >"$PROJ/slurm/jobs/fake_$i.jobid"; done
    for variant in product naive; do
      n=$N
      if [ "$variant" = naive ]; then
        # one fresh ssh per squeue/sacct: 20 jobs take a minute, 200 many; run them only with BENCH_NAIVE_STATUS=all
        [ "$k" -gt 1 ] && [ "${BENCH_NAIVE_STATUS:-1}" != all ] && continue
        [ "$k" -gt 1 ] && n=1
      fi
      for ((i = 0; i < n; i++)); do
        if [ "$variant" = product ]; then timed "$variant" "status$k" product status; else timed "$variant" "status$k" naive status fake_0; fi
      done
      add_row "slurm-status, $k tracked jobs" "$rtt" "$variant" ms "$WORK/s.$variant.status$k.ms" \
        "$(stats "$WORK/s.$variant.status$k.ssh" | cut -d' ' -f1)" "$(stats "$WORK/s.$variant.status$k.rsync" | cut -d' ' -f1)" ""
    done
  done
  rm -f "$PROJ"/slurm/jobs/fake_*.jobid
}

# re-push of the tree: bytes are read after closing the ControlMaster so its relay reports them
tree_push() {
  local variant=$1 step=$2 t0 t1
  : >"$SLURM_TOOLKIT_TRACE"; : >"$BYTES"
  t0=$(now_ms)
  if [ "$variant" = product ]; then product push PROFILE=bench_tree >"$WORK/last.out" 2>&1; else naive push bench_tree >"$WORK/last.out" 2>&1; fi
  t1=$(now_ms)
  mode_teardown
  echo $((t1 - t0)) >>"$WORK/s.$variant.$step.ms"
  grep -c '^ssh ' "$SLURM_TOOLKIT_TRACE" >>"$WORK/s.$variant.$step.ssh" || true
  grep -c '^rsync ' "$SLURM_TOOLKIT_TRACE" >>"$WORK/s.$variant.$step.rsync" || true
  awk '{s+=$1+$2} END{print s+0}' "$BYTES" >>"$WORK/s.$variant.$step.bytes"
}

tree_rows() {
  local rtt=$1 i v s label
  mode_teardown
  product push PROFILE=bench_tree >/dev/null   # the previous run the next pushes link against
  mode_teardown
  for ((i = 0; i < N; i++)); do tree_push product tree_same; done
  for ((i = 0; i < N; i++)); do
    echo "x = $i$RANDOM" >>"$PROJ/tree/d07/f0007.py"
    tree_push product tree_one
  done
  # scp -r of N files costs round trips per file (SFTP open/write/close): ~5 min per push at 30 ms, so at RTT > 0 it
  # runs once and only with BENCH_NAIVE_TREE_RTT=1; at RTT 0 it runs BENCH_N times like the rest
  local naive_n=$N
  if [ "$rtt" -gt 0 ]; then
    naive_n=0
    [ "${BENCH_NAIVE_TREE_RTT:-}" = 1 ] && naive_n=1
  fi
  for ((i = 0; i < naive_n; i++)); do tree_push naive tree_same; done
  for v in product naive; do
    for s in tree_same tree_one; do
      [ -f "$WORK/s.$v.$s.ms" ] || continue
      case $s in tree_same) label="re-push $TREE_FILES files, unchanged" ;; *) label="re-push $TREE_FILES files, 1 changed" ;; esac
      add_row "$label" "$rtt" "$v" ms "$WORK/s.$v.$s.ms" "$(stats "$WORK/s.$v.$s.ssh" | cut -d' ' -f1)" \
        "$(stats "$WORK/s.$v.$s.rsync" | cut -d' ' -f1)" "$(stats "$WORK/s.$v.$s.bytes" | cut -d' ' -f1)"
    done
  done
  # naive with 1 changed file is the same full copy as unchanged: no separate row
}

toolkit_bench() {
  setup_toolkit
  local rtt i
  for rtt in $MODES; do
    log "toolkit, RTT ${rtt} ms: $N × (push, submit, status, log, collect) product and naive"
    mode_setup "$rtt"
    rm -f "$WORK"/s.*
    for ((i = 0; i < N; i++)); do
      steps_once product p_run
      steps_once naive n_run
    done
    emit_steps "$rtt"
    log "toolkit, RTT ${rtt} ms: status with 1/20/200 tracked jobs"
    status_scaling "$rtt"
    log "toolkit, RTT ${rtt} ms: re-push of a $TREE_FILES-file tree"
    tree_rows "$rtt"
    mode_teardown
  done
}

# ---------------------------------------------------------------- bot (Java)
bot_bench() {
  log "bot: building and running ptj.slurmrunner.bench.BotBench (N=$N)"
  [ -f "$REPO/target/slurm-runner.jar" ] || "$REPO/scripts/build.sh" >&2
  (cd "$REPO" && mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >&2)
  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$REPO/target/test-classes:$REPO/target/classes:$(cat "$WORK/cp.txt")" ptj.slurmrunner.bench.BotBench \
    "$N" "$REPO" >"$WORK/bot.tsv" 2>"$WORK/bot.err" || { tail -n 30 "$WORK/bot.err" >&2; return 1; }
  grep "^bench:" "$WORK/bot.err" >&2 || true
  cat "$WORK/bot.tsv" >>"$ROWS"
}

# ---------------------------------------------------------------- sweep (one array job vs N single runs, via the console)
# Both variants go through the bot's console as a user would type them, on a 1-CPU copy of backtest_v5, until every
# job has ended (SLURM_RUNNER_CONSOLE_WAIT): "bench_job seed 1부터 K까지 돌려줘" + 예, against K × ("bench_job 실행해줘" +
# 예). Figures: wall time, the toolkit's ssh/rsync invocations (SLURM_TOOLKIT_TRACE; the watcher's polls are one
# batched command each and not in it), and posts = one reply per message + every watcher notice (🔔).
sweep_console() {
  local variant=$1 k=$2 input="$WORK/sweep.in" t0 t1 i out="$WORK/sweep.out"
  if [ "$variant" = product ]; then
    printf 'bench_job seed 1부터 %s까지 돌려줘\n예\n' "$k" >"$input"
  else
    : >"$input"
    for ((i = 0; i < k; i++)); do printf 'bench_job 실행해줘\n예\n' >>"$input"; done
  fi
  rm -f "$SPROJ"/slurm/jobs/bench_job.*
  : >"$SLURM_TOOLKIT_TRACE"
  t0=$(now_ms)
  (cd "$SPROJ" && SLURM_RUNNER_PROJECT_DIR="$SPROJ" CLUSTER_CONF="$SPROJ/config/cluster.dev.conf" \
    SLURM_RUNNER_CONSOLE_WAIT=600 WATCH_MIN_INTERVAL=1 WATCH_MAX_INTERVAL=3 SLURM_RUNNER_JAR="$REPO/target/slurm-runner.jar" \
    "$REPO/bin/slurm-runner" console <"$input" >"$out" 2>"$WORK/sweep.err") || { log "sweep bench: console failed"; tail -n 20 "$out" "$WORK/sweep.err" >&2; return 1; }
  t1=$(now_ms)
  grep -h -o 'Job ID: *[0-9]*' "$out" | grep -o '[0-9]*$' >>"$SUBMITTED" || true
  if grep -q '아직 끝나지 않았습니다' "$out"; then log "sweep bench: jobs left unfinished"; return 1; fi
  echo $((t1 - t0)) >>"$WORK/sw.$variant.ms"
  grep -c '^ssh ' "$SLURM_TOOLKIT_TRACE" >>"$WORK/sw.$variant.ssh" || true
  grep -c '^rsync ' "$SLURM_TOOLKIT_TRACE" >>"$WORK/sw.$variant.rsync" || true
  echo $(( $(grep -c '^> ' "$out" || true) + $(grep -c '^🔔' "$out" || true) )) >>"$WORK/sw.$variant.posts"
  cp "$out" "$WORK/sweep.$variant.last.txt"
}

sweep_bench() {
  local k=${BENCH_SWEEP_TASKS:-20} i dev_remote
  case $k in ''|*[!0-9]*|0) echo "BENCH_SWEEP_TASKS must be a positive integer" >&2; exit 2 ;; esac
  [ -f "$DEV_CONF" ] || "$REPO/scripts/dev-cluster.sh" up >&2
  [ -f "$REPO/target/slurm-runner.jar" ] || "$REPO/scripts/build.sh" >&2
  dev_remote=$(conf_value "$DEV_CONF" REMOTE_DIR)
  REMOTE_BASE="$(dirname "$dev_remote")/bench-runs/b$$-sweep-$(date +%s)"
  SPROJ="$WORK/sweep-project"
  mkdir -p "$SPROJ/slurm/jobs" "$SPROJ/slurm/logs" "$SPROJ/slurm/profiles" "$SPROJ/config"
  cp -R "$REPO/slurm/templates" "$SPROJ/slurm/"
  cp -R "$REPO/ptj_lab" "$REPO/simulation" "$REPO/experiments" "$REPO/scripts" "$REPO/Makefile" "$SPROJ/"
  sed -e 's/^CPUS=.*/CPUS=1/' -e 's/^MEM=.*/MEM=300M/' -e 's/^TIME=.*/TIME=00:10:00/' \
    "$REPO/slurm/profiles/backtest_v5.conf" >"$SPROJ/slurm/profiles/bench_job.conf"
  sed "s|^REMOTE_DIR=.*|REMOTE_DIR=$REMOTE_BASE|" "$DEV_CONF" >"$SPROJ/config/cluster.dev.conf"
  export SLURM_TOOLKIT_TRACE="$WORK/sweep.trace"
  rm -f "$WORK"/sw.*
  log "sweep: $N × (one sweep of $k tasks, then $k single runs) through the console"
  for ((i = 0; i < N; i++)); do
    sweep_console product "$k"
    sweep_console naive "$k"
  done
  local v label="$k runs: one sweep vs $k single runs (chat → all ended)"
  for v in product naive; do
    add_row "$label" 0 "$v" ms "$WORK/sw.$v.ms" "$(stats "$WORK/sw.$v.ssh" | cut -d' ' -f1)" \
      "$(stats "$WORK/sw.$v.rsync" | cut -d' ' -f1)" ""
    add_row "$label: Slack posts" 0 "$v" posts "$WORK/sw.$v.posts" "" "" ""
  done
}

# ---------------------------------------------------------------- watchers (poll vs events) and team load
watch_bench() {
  local lengths=10 cp
  [ "${BENCH_WATCH_LONG:-}" = 1 ] && lengths=10,180,1200
  [ -f "$DEV_CONF" ] || "$REPO/scripts/dev-cluster.sh" up >&2
  log "watch: poller vs event watcher on the same jobs (${lengths} s), quiet ${BENCH_WATCH_QUIET:-60} s; team load"
  cp="$WORK/cp-watch.txt"
  (cd "$REPO" && mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile="$cp" -Dmdep.includeScope=test >&2)
  cp="$REPO/target/test-classes:$REPO/target/classes:$(cat "$cp")"
  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" ptj.slurmrunner.watch.WatchBench "$REPO" \
    "${BENCH_WATCH_JOBS:-10}" "$lengths" "${BENCH_WATCH_QUIET:-60}" "${BENCH_WATCH_SIZES:-1,200}" \
    >"$WORK/watch.tsv" 2>"$WORK/watch.err" || { tail -n 30 "$WORK/watch.err" >&2; return 1; }
  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" ptj.slurmrunner.slack.TeamLoadBench \
    "${BENCH_TEAM_SPREADS:-60,5}" >>"$WORK/watch.tsv" 2>>"$WORK/watch.err" || { tail -n 30 "$WORK/watch.err" >&2; return 1; }
  cat "$WORK/watch.tsv" >>"$ROWS"
}

# ---------------------------------------------------------------- report
report() {
  local stamp
  stamp=$(date -u +%Y%m%d-%H%M%S)
  mkdir -p "$OUT_DIR"
  python3 - "$ROWS" "$OUT_DIR/bench-$stamp" "$N" "$RTT" "$(uname -srm) · $(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc) cores" <<'PY'
import csv, sys
rows_file, base, n, rtt, host = sys.argv[1:6]
rows = [l.rstrip("\n").split("\t") for l in open(rows_file, encoding="utf-8") if l.strip()]
keys = ["measurement", "rtt_ms", "variant", "median", "min", "max", "unit", "ssh", "rsync", "bytes", "n"]
with open(base + ".csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f); w.writerow(keys); w.writerows(rows)

def num(x):
    v = float(x)
    return ("%.0f" % v) if abs(v) >= 100 else ("%.1f" % v if abs(v) >= 10 else "%.2f" % v)

def cell(r):
    if r is None: return "—"
    d = dict(zip(keys, r))
    unit = d["unit"]
    if d["median"] == "nan": return unit
    s = "%s %s [%s–%s]" % (num(d["median"]), unit, num(d["min"]), num(d["max"]))
    extra = []
    if d["ssh"] not in ("", None): extra.append("%s ssh + %s %s" % (num(d["ssh"]).rstrip("0").rstrip(".") if "." in num(d["ssh"]) else num(d["ssh"]),
                                                              num(d["rsync"]).rstrip("0").rstrip(".") if "." in num(d["rsync"]) else num(d["rsync"]),
                                                              "scp" if d["variant"] == "naive" and "single runs" not in d["measurement"] else "rsync"))
    if d["bytes"] not in ("", None, "nan"): extra.append("%.0f KiB" % (float(d["bytes"]) / 1024))
    if d["n"] != n: extra.append("n=%s" % d["n"])
    return s + ("<br>" + ", ".join(extra) if extra else "")

order, table = [], {}
for r in rows:
    k = (r[0], r[1])
    if k not in table: order.append(k); table[k] = {}
    table[k][r[2]] = r
lines = ["| measurement | RTT | product | naive baseline |", "|---|---|---|---|"]
# watch rows: "product" is the event watcher, "naive" today's poller on the same jobs
for k in order:
    t = table[k]
    if "product" in t or "naive" in t:
        lines.append("| %s | %s | %s | %s |" % (k[0], k[1] + " ms" if k[1] != "-" else "—", cell(t.get("product")), cell(t.get("naive"))))
    else:
        r = next(iter(t.values()))
        lines.append("| %s | — | %s | — |" % (k[0], cell(r)))
head = ("Median of %s runs [min–max] · simulated RTT via ssh ProxyCommand relay · %s\n\n" % (n, host))
md = head + "\n".join(lines) + "\n"
open(base + ".md", "w", encoding="utf-8").write(md)
print(md)
PY
  cp "$OUT_DIR/bench-$stamp.md" "$OUT_DIR/latest.md"
  cp "$OUT_DIR/bench-$stamp.csv" "$OUT_DIR/latest.csv"
  log "wrote $OUT_DIR/bench-$stamp.{csv,md} and latest.md"
}

start=$(date +%s)
case $ONLY in all|toolkit) toolkit_bench ;; esac
case $ONLY in all|bot) bot_bench ;; esac
case $ONLY in all|sweep) sweep_bench ;; esac
case $ONLY in all|watch) watch_bench ;; esac
report
log "done in $(( $(date +%s) - start )) s"
