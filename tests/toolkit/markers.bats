#!/usr/bin/env bats
# The job templates' start/end markers (docs/watch-events.md), run locally as SLURM would run the batch script:
# a normal end, a failing end, and the TERM that scancel and a time limit send before KILL. No cluster needed.

load helpers

# render TEMPLATE DIR: the template with its placeholders filled for a local run; python3 is a stand-in on PATH
render() {
  sed -e "s|{{RUN_DIR}}|$2/run|g" -e "s|{{REMOTE_DIR}}|$2|g" -e 's|{{SCRIPT}}|job.py|g' -e 's|{{SCRIPT_ARGS}}||g' \
    -e 's|{{[A-Z_]*}}|x|g' "$REPO/slurm/templates/$1.sbatch" >"$2/job.sbatch"
  mkdir -p "$2/run" "$2/bin"
  printf '#!/bin/sh\nexit "${FAKE_EXIT:-0}"\n' >"$2/bin/python3"
  printf '#!/bin/sh\necho $$ >"%s/slow.pid"\nexec sleep 30\n' "$2" >"$2/bin/slow"
  chmod +x "$2/bin/python3" "$2/bin/slow"
}

setup() { T=$(mktemp -d "${BATS_TMPDIR:-/tmp}/markers.XXXXXX"); }
teardown() { rm -rf -- "$T"; }

@test "nocontainer template: start, then end with the exit code, in a marker named after the job" {
  render nocontainer "$T"
  SLURM_JOB_ID=4711 PATH="$T/bin:$PATH" FAKE_EXIT=0 bash "$T/job.sbatch" >/dev/null
  run cat "$T/run/.slurm-runner/marker.4711"
  [ "${#lines[@]}" -eq 2 ]
  [[ ${lines[0]} =~ ^start\ [0-9]{10}\ [^\ ]+$ ]]
  [[ ${lines[1]} =~ ^end\ 0\ [0-9]{10}$ ]]
  rc=0; SLURM_JOB_ID=4712 PATH="$T/bin:$PATH" FAKE_EXIT=3 bash "$T/job.sbatch" >/dev/null || rc=$?
  [ "$rc" -eq 3 ]
  run tail -n 1 "$T/run/.slurm-runner/marker.4712"
  [[ $output =~ ^end\ 3\  ]]
}

@test "array task: one marker per task, named ARRAYID_TASK" {
  render nocontainer "$T"
  SLURM_JOB_ID=900 SLURM_ARRAY_JOB_ID=812 SLURM_ARRAY_TASK_ID=3 PATH="$T/bin:$PATH" bash "$T/job.sbatch" >/dev/null
  [ -f "$T/run/.slurm-runner/marker.812_3" ]
  [ ! -e "$T/run/.slurm-runner/marker.900" ]
}

@test "TERM (scancel, time limit) writes the end before the batch shell exits" {
  render nocontainer "$T"
  sed -i.bak 's|^python3 |slow |' "$T/job.sbatch"
  SLURM_JOB_ID=4713 PATH="$T/bin:$PATH" bash "$T/job.sbatch" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 50); do [ -s "$T/run/.slurm-runner/marker.4713" ] && break; sleep 0.1; done
  sleep 0.3
  kill -TERM "$pid"
  rc=0; wait "$pid" || rc=$?
  [ "$rc" -eq 143 ]
  run cat "$T/run/.slurm-runner/marker.4713"
  [ "${#lines[@]}" -eq 2 ]
  [[ ${lines[1]} =~ ^end\ 143\ [0-9]{10}$ ]]
  # SLURM would signal the whole job; here only the batch shell got TERM, so end its child by its pid
  kill "$(cat "$T/slow.pid")" 2>/dev/null || true
}

@test "default (Pyxis) template carries the same marker block and backgrounds srun so TERM is trapped at once" {
  local block
  block=$(sed -n '/^# slurm-runner start\/end markers/,/^trap .*TERM$/p' "$REPO/slurm/templates/default.sbatch")
  [ "$block" = "$(sed -n '/^# slurm-runner start\/end markers/,/^trap .*TERM$/p' "$REPO/slurm/templates/nocontainer.sbatch")" ]
  grep -q '^  python {{SCRIPT}} {{SCRIPT_ARGS}} &$' "$REPO/slurm/templates/default.sbatch"
  grep -q '^wait \$!$' "$REPO/slurm/templates/default.sbatch"
}
