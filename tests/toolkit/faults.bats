#!/usr/bin/env bats
# Fault suite: the ssh connection cut in the middle of push, submit and collect, and the login node unreachable
# afterwards. Each test runs its OWN sshd on another loopback port (the dev root's host key and authorized keys, its
# own config and pidfile) behind its own ssh alias, so it can cut and stop that sshd by pid without disturbing the
# shared dev sshd on 2222. The cut happens on the server side: that sshd's sessions get a PATH whose sbatch/rsync
# wrappers kill every session of this sshd (by pid) at the chosen moment — after sbatch answered, in the middle of a
# transfer. Invariants: no job lost or submitted twice, no run dir deleted before its results are local, a Korean
# message that says what happened, and recover bringing things back.

load helpers

setup() {
  setup_project
  FAULT=$(mktemp -d /tmp/tk-fault.XXXXXX)
  mkdir -p "$FAULT/bin"
  DEV_SSH_DIR=$(dirname "$SSH_CONFIG_DEV")
  FAULT_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  local devcfg="$DEV_SSH_DIR/sshd_config"
  sed -e "s|^Port .*|Port $FAULT_PORT|" -e "s|^PidFile .*|PidFile $FAULT/sshd.pid|" -e '/^SetEnv /d' "$devcfg" >"$FAULT/sshd_config"
  echo "SetEnv LANG=C.UTF-8 PATH=$FAULT/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin FAULT_DIR=$FAULT" >>"$FAULT/sshd_config"
  cat >"$FAULT/ssh_config" <<CONF
Host slurm-fault
  HostName 127.0.0.1
  Port $FAULT_PORT
  User root
  IdentityFile $DEV_SSH_DIR/id_ed25519
  IdentitiesOnly yes
  UserKnownHostsFile $DEV_SSH_DIR/known_hosts
  HostKeyAlias [127.0.0.1]:2222
  StrictHostKeyChecking yes
  BatchMode yes
  LogLevel ERROR
CONF
  # cut_sessions: kill every session of this sshd (not the listener): the connection drops mid-step
  cat >"$FAULT/bin/cut_sessions" <<'SH'
#!/bin/bash
l=$(cat "$FAULT_DIR/sshd.pid")
for c in $(ps -o pid= --ppid "$l"); do kill -9 "$c" 2>/dev/null; done
SH
  # sbatch wrapper: the real sbatch, then (when armed) the connection drops before its answer reaches the client
  cat >"$FAULT/bin/sbatch" <<'SH'
#!/bin/bash
/usr/bin/sbatch "$@"; rc=$?
if [ -f "$FAULT_DIR/cut-after-sbatch" ]; then rm -f "$FAULT_DIR/cut-after-sbatch"; sleep 0.2; "$FAULT_DIR/bin/cut_sessions"; sleep 5; fi
exit $rc
SH
  # rsync wrapper (server side of every transfer): when armed, the connection drops N seconds into it (file content)
  cat >"$FAULT/bin/rsync" <<'SH'
#!/bin/bash
if [ -f "$FAULT_DIR/cut-rsync" ]; then
  d=$(cat "$FAULT_DIR/cut-rsync"); rm -f "$FAULT_DIR/cut-rsync"
  if [ "${d:-0}" = 0 ]; then "$FAULT_DIR/bin/cut_sessions"; sleep 5; exit 12; fi
  ( sleep "$d"; "$FAULT_DIR/bin/cut_sessions" ) &
  # hold the transfer back until the cut has happened: on an idle machine the whole tree went across in under
  # $d seconds and the "cut" came after a complete push (seen in a CI run)
  sleep 3
fi
exec /usr/bin/rsync "$@"
SH
  # squeue/sacct wrappers: while armed, the controller "cannot be reached" (what a slurmctld restart looks like)
  for q in squeue sacct; do
    cat >"$FAULT/bin/$q" <<SH
#!/bin/bash
if [ -f "\$FAULT_DIR/slurm-down" ]; then
  echo "$q: error: Unable to contact slurm controller (connect failure)" >&2; exit 1
fi
exec /usr/bin/$q "\$@"
SH
  done
  chmod +x "$FAULT/bin/"*
  start_fault_sshd
  sed -e "s|^SLURM_HOST=.*|SLURM_HOST=slurm-fault|" -e "s|^SSH_CONFIG=.*|SSH_CONFIG=$FAULT/ssh_config|" \
    "$CLUSTER_CONF" >"$FAULT/cluster.conf"
  export CLUSTER_CONF="$FAULT/cluster.conf"
  export SSH_CTL_DIR="$FAULT/ctl"
  mkdir -m 700 "$SSH_CTL_DIR"
  # small jobs: never queue behind other helpers' 20-CPU jobs
  export CPUS=1 MEM=300M
}

teardown() {
  if [ -n "${MOUNTED:-}" ]; then umount "$MOUNTED" 2>/dev/null || umount -l "$MOUNTED" 2>/dev/null || true; fi
  stop_fault_sshd
  rm -rf -- "$FAULT"
  teardown_project
}

start_fault_sshd() {
  /usr/sbin/sshd -f "$FAULT/sshd_config"
  local i
  for i in $(seq 1 50); do
    ssh -F "$FAULT/ssh_config" -o ControlPath=none slurm-fault true 2>/dev/null && return 0
    sleep 0.1
  done
  echo "fault sshd did not come up on $FAULT_PORT"; return 1
}

stop_fault_sshd() {
  [ -f "$FAULT/sshd.pid" ] || return 0
  local l c
  l=$(cat "$FAULT/sshd.pid")
  for c in $(ps -o pid= --ppid "$l"); do kill -9 "$c" 2>/dev/null || true; done
  kill "$l" 2>/dev/null || true
  rm -f "$FAULT/sshd.pid"
  sleep 0.2
}

# our_jobs NAME [STATES]: ids of jobs named NAME whose work dir is under this test's REMOTE_DIR
our_jobs() {
  squeue --me -h -t "${2:-all}" -n "$1" -o '%i|%Z' | awk -F'|' -v rd="$REMOTE_DIR/" 'index($2, rd) == 1 {print $1}'
}

remote() { ssh -F "$SSH_CONFIG_DEV" -o ControlPath=none slurm-dev "$@"; }

@test "ssh cut in the middle of push: nothing tracked, Korean error, recover then push works" {
  # a tree big enough that the transfer is still running when the connection drops
  mkdir -p "$PROJ/ptj_lab/bulk"
  for i in $(seq 1 3000); do head -c 2048 /dev/urandom >"$PROJ/ptj_lab/bulk/f$i.bin"; done
  echo 0.5 >"$FAULT/cut-rsync"
  tkj push PROFILE=backtest_v5
  [ "$status" -ne 0 ]
  case $(j 'd["error"]') in ssh_failed|rsync_failed) ;; *) echo "error: $(j 'd["error"]')"; false ;; esac
  contains "연결"
  [ ! -f "$PROJ/slurm/jobs/backtest_v5.rundir" ]    # a half-copied run dir is never tracked
  # the login node stays unreachable for a while: same answer, in Korean, with the way back
  stop_fault_sshd
  tkj status
  assert_error ssh_failed
  contains "SSH 연결 실패"
  contains "slurm-recover"
  start_fault_sshd
  tkj recover PROFILE=backtest_v5
  assert_ok
  tkj push PROFILE=backtest_v5
  assert_ok
  [ -f "$PROJ/slurm/jobs/backtest_v5.rundir" ]
}

@test "ssh cut right after sbatch answered: the job is found by recover and never submitted twice" {
  tkj push PROFILE=backtest_v5
  assert_ok
  run_rel=$(rundir_of backtest_v5)
  touch "$FAULT/cut-after-sbatch"
  tkj submit PROFILE=backtest_v5
  [ "$status" -ne 0 ]
  assert_error ssh_failed
  contains "SSH 연결 실패"
  contains "slurm-recover PROFILE=backtest_v5"
  # the job exists on the server; remember it for teardown even though the client never heard its id
  ids=$(squeue --me -h -t all -n ptj-backtest_v5 -o '%i|%Z' | awk -F'|' -v rd="$REMOTE_DIR/$run_rel" '$2==rd{print $1}')
  [ -n "$ids" ]
  echo "$ids" >>"$PROJ/submitted.ids"
  [ "$(printf '%s\n' "$ids" | wc -l)" -eq 1 ]
  tkj recover PROFILE=backtest_v5
  assert_ok
  [ "$(jobid_of backtest_v5)" = "$ids" ]
  # a second submit of the same run is refused while that job lives, or at least does not create a second one
  tkj submit PROFILE=backtest_v5
  after=$(squeue --me -h -t all -n ptj-backtest_v5 -o '%i|%Z' | awk -F'|' -v rd="$REMOTE_DIR/$run_rel" '$2==rd{print $1}')
  remember_ids
  [ "$(printf '%s\n' "$after" | wc -l)" -eq 1 ] || { echo "submitted twice: $after"; echo "$output"; false; }
}

@test "ssh cut in the middle of collect: run dir kept until results are local, recover says collect, collect finishes" {
  tkj run PROFILE=backtest_v5
  assert_ok
  id=$(jobid_of backtest_v5)
  run_rel=$(rundir_of backtest_v5)
  wait_state backtest_v5 COMPLETED
  echo 0 >"$FAULT/cut-rsync"     # the pull dies as it starts: the check step passed, nothing arrived
  tkj collect PROFILE=backtest_v5
  [ "$status" -ne 0 ]
  case $(j 'd["error"]') in ssh_failed|rsync_failed) ;; *) echo "error: $(j 'd["error"]')"; false ;; esac
  contains "연결"
  remote test -d "$REMOTE_DIR/$run_rel"              # not deleted: the results never fully arrived
  [ -f "$PROJ/slurm/jobs/backtest_v5.rundir" ]
  tkj recover PROFILE=backtest_v5
  assert_ok
  [ "$(j 'd.get("next")')" = collect ]
  tkj collect PROFILE=backtest_v5
  assert_ok
  [ -f "$PROJ/slurm/logs/$id.out" ]
  [ -n "$(find "$PROJ/data/results/backtests" -type f | head -n 1)" ]
  run remote test -d "$REMOTE_DIR/$run_rel"
  [ "$status" -ne 0 ]                                # deleted only now, after the results are local
}

@test "local results directory full during collect: run dir kept, Korean message names the local disk, collect after freeing space" {
  mkdir -p "$PROJ/data/results"
  mount -t tmpfs -o size=64k tmpfs "$PROJ/data/results" 2>/dev/null || skip "cannot mount a tmpfs here"
  MOUNTED="$PROJ/data/results"
  tkj run PROFILE=backtest_v5
  assert_ok
  id=$(jobid_of backtest_v5)
  run_rel=$(rundir_of backtest_v5)
  wait_state backtest_v5 COMPLETED
  dd if=/dev/zero of="$MOUNTED/filler" bs=1k count=64 2>/dev/null || true   # fill it up
  tkj collect PROFILE=backtest_v5
  [ "$status" -ne 0 ]
  [ "$(j 'd["error"]')" = disk_full ] || { echo "error: $(j 'd["error"]')"; echo "$output"; false; }
  contains "로컬 디스크"
  remote test -d "$REMOTE_DIR/$run_rel"
  rm -f "$MOUNTED/filler"
  tkj collect PROFILE=backtest_v5
  assert_ok
  run remote test -d "$REMOTE_DIR/$run_rel"
  [ "$status" -ne 0 ]
  [ -f "$PROJ/slurm/logs/$id.out" ]
}

@test "job cancelled from outside (scancel): watch says so in Korean, recover says resubmit, nothing resubmitted by itself" {
  sleeper_profile 300
  tkj run PROFILE=sleeper
  assert_ok
  id=$(jobid_of sleeper)
  wait_state sleeper RUNNING
  scancel "$id"
  tkj watch PROFILE=sleeper WATCH_TIMEOUT=60
  [ "$status" -ne 0 ]
  [ "$(j 'd.get("state")')" = CANCELLED ] || { echo "$output"; false; }
  contains "CANCELLED"
  tkj recover PROFILE=sleeper
  assert_ok
  [ "$(j 'd.get("next")')" = resubmit ]
  [ -z "$(our_jobs ptj-sleeper PENDING,RUNNING)" ]   # nothing resubmitted by itself
}

sleeper_profile() {
  mkdir -p "$PROJ/simulation"
  printf 'import time, sys\nprint("[sleeper] start", flush=True)\ntime.sleep(float(sys.argv[1]))\nprint("[sleeper] done", flush=True)\n' \
    >"$PROJ/simulation/sleeper.py"
  sed -e 's|^SCRIPT=.*|SCRIPT=simulation/sleeper.py|' -e "s|^SCRIPT_ARGS=.*|SCRIPT_ARGS=$1|" \
    -e 's|^CODE_FILES=.*|CODE_FILES=simulation/sleeper.py|' "$PROJ/slurm/profiles/backtest_v5.conf" >"$PROJ/slurm/profiles/sleeper.conf"
}

@test "controller unreachable while a job is watched (simulated): status says query_failed in Korean, watch waits it out" {
  sleeper_profile 12
  tkj run PROFILE=sleeper
  assert_ok
  id=$(jobid_of sleeper)
  touch "$FAULT/slurm-down"
  tkj status
  assert_error query_failed
  contains "끝난 것으로 보지 않음"
  ( sleep 6; rm -f "$FAULT/slurm-down" ) &
  tkj watch PROFILE=sleeper WATCH_TIMEOUT=120
  assert_ok
  [ "$(j 'd.get("state")')" = COMPLETED ]
  [ "$(jobid_of sleeper)" = "$id" ]
  [ "$(our_jobs ptj-sleeper)" = "$id" ]   # one job, never resubmitted
}

@test "slurmctld really restarted while a job is watched (in CI, or FAULT_REAL_SLURMCTLD=1: disturbs a shared cluster)" {
  # CI owns its dev cluster, so the real restart runs there; on a shared box it is opt-in.
  [ "${FAULT_REAL_SLURMCTLD:-}" = 1 ] || [ "${CI:-}" = true ] ||
    skip "set FAULT_REAL_SLURMCTLD=1 (restarts the dev cluster's slurmctld for a few seconds)"
  sleeper_profile 15
  tkj run PROFILE=sleeper
  assert_ok
  id=$(jobid_of sleeper)
  ( sleep 3; "$REPO/scripts/dev-cluster.sh" restart slurmctld >/dev/null 2>&1 ) &
  tkj watch PROFILE=sleeper WATCH_TIMEOUT=180
  wait
  assert_ok
  [ "$(j 'd.get("state")')" = COMPLETED ]
  [ "$(our_jobs ptj-sleeper)" = "$id" ]
  tkj collect PROFILE=sleeper
  assert_ok
  [ -f "$PROJ/slurm/logs/$id.out" ]
}

# kill_tree PID: kill -9 a process and all its descendants, by pid (a crash of the whole bot process tree)
kill_tree() {
  local c
  for c in $(ps -o pid= --ppid "$1"); do kill_tree "$c"; done
  kill -9 "$1" 2>/dev/null || true
}

@test "bot killed while a full run is in flight: restarted bot recovers the job, collects once, run dir deleted only after" {
  [ -x "$REPO/bin/slurm-runner" ] || skip "no bin/slurm-runner"
  sleeper_profile 20
  export SLURM_RUNNER_PROJECT_DIR=$PROJ SLURM_RUNNER_STATE_DIR=$PROJ/state
  # the team's checkout has the toolkit's Makefile; the temp project includes the repo's
  printf 'include %s/Makefile\n' "$REPO" >"$PROJ/Makefile"
  mkfifo "$FAULT/in"
  "$REPO/bin/slurm-runner" console <"$FAULT/in" >"$FAULT/console1.out" 2>&1 &
  bot=$!
  exec 7>"$FAULT/in"
  printf 'sleeper 풀런\n' >&7
  # answer once the question is on screen (JVM start + slurm-show can take a while on a busy box)
  for _ in $(seq 1 120); do grep -q '예' "$FAULT/console1.out" 2>/dev/null && break; sleep 0.5; done
  printf '예\n' >&7
  for _ in $(seq 1 180); do [ -s "$PROJ/slurm/jobs/sleeper.jobid" ] && break; sleep 0.5; done
  [ -s "$PROJ/slurm/jobs/sleeper.jobid" ] || { cat "$FAULT/console1.out"; false; }
  id=$(jobid_of sleeper)
  echo "$id" >>"$PROJ/submitted.ids"
  run_rel=$(rundir_of sleeper)
  kill_tree "$bot"
  exec 7>&-
  # the job lives on; its run dir is still there
  [ "$(our_jobs ptj-sleeper)" = "$id" ]
  remote test -d "$REMOTE_DIR/$run_rel"
  # a new bot: recover, then wait, then collect — all in Korean, one job, no second submit
  run "$REPO/bin/slurm-runner" console <<<"sleeper 복구해줘"
  echo "$output" >"$FAULT/console2.out"
  case $output in *"$id"*) ;; *) echo "$output"; false ;; esac
  wait_state sleeper COMPLETED
  remote test -d "$REMOTE_DIR/$run_rel"                  # nothing deleted while nobody collected
  run "$REPO/bin/slurm-runner" console <<<"$(printf 'sleeper 결과 가져와\n예\n')"
  echo "$output" >"$FAULT/console3.out"
  [ -f "$PROJ/slurm/logs/$id.out" ] || { echo "$output"; false; }
  run remote test -d "$REMOTE_DIR/$run_rel"
  [ "$status" -ne 0 ]
  [ "$(our_jobs ptj-sleeper)" = "$id" ]                   # exactly one job ever
}

@test "node set DOWN under a running job (in CI, or FAULT_REAL_NODE=1): one job, never resubmitted by us, Korean answer, node back" {
  [ "${FAULT_REAL_NODE:-}" = 1 ] || [ "${CI:-}" = true ] ||
    skip "set FAULT_REAL_NODE=1 (sets the dev cluster's only node DOWN: kills every running job on it)"
  local node
  node=$(sinfo -h -N -o '%N' | head -n 1)
  sleeper_profile 20
  tkj run PROFILE=sleeper
  assert_ok
  id=$(jobid_of sleeper)
  wait_state sleeper RUNNING
  scontrol update nodename="$node" state=down reason=slurm-runner-fault-suite
  sleep 3
  # ReturnToService=2 may already have brought it back when slurmd re-registered: then resume is refused
  scontrol update nodename="$node" state=resume 2>/dev/null || true
  # SLURM either ends the job (NODE_FAIL) or requeues it (JobRequeue) and runs it again under the SAME id
  tkj watch PROFILE=sleeper WATCH_TIMEOUT=240
  "$REPO/scripts/dev-cluster.sh" up >/dev/null 2>&1 || true   # the node back to idle for the next tests
  state=$(j 'd.get("state")')
  case "$state" in
    COMPLETED) assert_ok ;;
    NODE_FAIL|FAILED|CANCELLED)
      [ "$status" -ne 0 ]
      contains "$state"
      tkj recover PROFILE=sleeper
      assert_ok ;;
    *) echo "unexpected end state '$state': $output"; false ;;
  esac
  [ "$(our_jobs ptj-sleeper)" = "$id" ]                # one job: the toolkit never resubmitted it
  [ -z "$(our_jobs ptj-sleeper PENDING,RUNNING)" ]
}
