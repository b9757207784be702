#!/usr/bin/env bats
# Container image targets (issue 6). enroot/Pyxis/Docker are not on this machine: the refresh tests run the real
# install script over the dev cluster's sshd with ENROOT_BIN pointing at tests/toolkit/fixtures/fake-enroot — a test
# of OUR scratch/atomic-install/sidecar/cleanup logic, not of enroot. The rendered Pyxis template is compared with
# golden files (tests/toolkit/golden/PROFILE.sbatch; regenerate with UPDATE_GOLDEN=1) and checked with bash -n and
# shellcheck.

load helpers

# Like helpers' tk, but the JSON is the last line that starts with "{": make itself appends
# "make: *** [...] Error N" on stderr after a failing recipe, and bats' run merges stderr into $output.
tk() {
  local target=$1
  shift
  run make -s --no-print-directory -f "$REPO/Makefile" -C "$PROJ" "slurm-$target" "$@"
  last_json=$(printf '%s\n' "$output" | grep '^{' | tail -n 1)
  remember_ids
}

setup() {
  setup_project
  cp "$REPO/requirements-slurm.txt" "$REPO/Dockerfile" "$PROJ/"
  IMG="$TEST_REMOTE/slurm/images/ptj_stock_lab.sqsh"
  export CONTAINER_IMAGE=$IMG
  # the fake enroot lives on the "server" (same machine as the dev cluster's sshd)
  FAKE_DIR="$TEST_REMOTE-fake"
  mkdir -p "$FAKE_DIR"
  cp "$REPO/tests/toolkit/fixtures/fake-enroot" "$FAKE_DIR/enroot"
  chmod +x "$FAKE_DIR/enroot"
  SCRATCH=$(mktemp -d "${BATS_TMPDIR:-/tmp}/img-scratch.XXXXXX")
  export IMAGE_SCRATCH=$SCRATCH
}

teardown() {
  case ${FAKE_DIR:-} in */toolkit-tests/t*-fake) rm -rf -- "$FAKE_DIR" ;; esac
  [ -n "${SCRATCH:-}" ] && rm -rf -- "$SCRATCH"
  teardown_project
}

descendants() { local c; for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do echo "$c"; descendants "$c"; done; }
refresh() { tkj image-refresh ENROOT_BIN="$FAKE_DIR/enroot" "$@"; }
sha_of() { sha256sum "$1" | awk '{print $1}'; }
mode_of() { stat -c %a "$1"; }
# leftovers: anything in the image dir besides the image, its sidecars, the backup and the lock; anything in scratch
leftovers() {
  find "$(dirname "$IMG")" -mindepth 1 ! -name 'ptj_stock_lab.sqsh' ! -name 'ptj_stock_lab.sqsh.meta' \
    ! -name 'ptj_stock_lab.sqsh.requirements.txt' ! -name 'ptj_stock_lab.sqsh.prev*' ! -name '.ptj_stock_lab.sqsh.lock'
  find "$SCRATCH" -mindepth 1
}

@test "image-refresh (fake enroot) installs atomically: a+r image, sidecars with sha256 + requirements, scratch gone, 1 ssh" {
  trace_reset
  refresh
  assert_ok
  assert_trace 1 0
  [ -f "$IMG" ]
  [ "$(mode_of "$IMG")" = 644 ]              # the fake exports 0600: the installer made it world-readable
  [ "$(j 'd["sha256"]')" = "$(sha_of "$IMG")" ]
  grep -qx "sha256=$(sha_of "$IMG")" "$IMG.meta"
  grep -qx "mode=refresh" "$IMG.meta"
  grep -qx "base=docker://python:3.10-slim" "$IMG.meta"
  cmp "$IMG.requirements.txt" "$PROJ/requirements-slurm.txt"
  # the requirements went into the container and pip ran as root, read-write
  tar -xOf "$IMG" ./.installed | cmp - "$PROJ/requirements-slurm.txt"
  grep -q '^start|.*args=--root --rw ptj_stock_lab_build_[0-9]* pip install --no-cache-dir -r /opt/ptj/requirements-slurm.txt' "$FAKE_DIR/calls.log"
  # enroot worked on the local scratch, not under REMOTE_DIR (NFS on the real cluster)
  grep -q "^import|data=$SCRATCH/ptj-image\.[^|]*/data|cache=$SCRATCH/ptj-image\.[^|]*/cache|temp=$SCRATCH/ptj-image" "$FAKE_DIR/calls.log"
  ! grep -q "data=$TEST_REMOTE" "$FAKE_DIR/calls.log"
  [ -z "$(leftovers)" ] || { leftovers; return 1; }
  [ "$(j 'd["scratchRemoved"]')" = true ]
  # progress lines (stderr in JSON mode, bats merges it)
  contains "[import] enroot import docker://python:3.10-slim"
  contains "[export]"
  # a second refresh keeps the first image as .prev
  local first
  first=$(sha_of "$IMG")
  printf 'tqdm==4.67.1\n' >"$PROJ/requirements-slurm.txt"
  refresh
  assert_ok
  [ "$(sha_of "$IMG.prev")" = "$first" ]
  [ "$(sha_of "$IMG")" != "$first" ]
  [ "$(j 'd["previous"]')" = "$IMG.prev" ]
  cmp "$IMG.requirements.txt" "$PROJ/requirements-slurm.txt"
  [ -z "$(leftovers)" ]
}

@test "a failed refresh's text report prints the build log's cause line, not only 'check logTail'" {
  refresh
  assert_ok
  printf 'export\n' >"$FAKE_DIR/fail_at"
  tk image-refresh ENROOT_BIN="$FAKE_DIR/enroot"
  [ "$status" -ne 0 ]
  [[ "$output" == *"빌드 로그 마지막 줄"* ]]
  [[ "$output" == *"simulated failure at 'export'"* ]]
  [[ "$output" == *"(error: image_build_failed)"* ]]
}

@test "a failure mid-build (fake enroot exits 1 at export, then at pip) leaves the previous image untouched and nothing behind" {
  refresh
  assert_ok
  local before meta_before
  before=$(sha_of "$IMG")
  meta_before=$(cat "$IMG.meta")
  printf 'statsmodels==0.14.4\n' >>"$PROJ/requirements-slurm.txt"
  local step
  for step in export start import; do
    printf '%s\n' "$step" >"$FAKE_DIR/fail_at"
    refresh
    assert_error image_build_failed
    case $step in start) [ "$(j 'd["step"]')" = pip ] ;; *) [ "$(j 'd["step"]')" = "$step" ] ;; esac
    [[ "$(j 'd["logTail"]')" == *"simulated failure at '$step'"* ]]
    [[ "$(j 'd["message"]')" == *"기존 이미지는 그대로"* ]]
    [ "$(sha_of "$IMG")" = "$before" ]
    [ "$(cat "$IMG.meta")" = "$meta_before" ]
    [ ! -e "$IMG.prev" ]
    [ -z "$(leftovers)" ] || { echo "left after failing at $step:"; leftovers; return 1; }
  done
  # the half-created container was removed through enroot too
  grep -q '^remove|' "$FAKE_DIR/calls.log"
  # the stale requirements are still visible
  tkj image-status
  assert_ok
  [ "$(j 'd["stale"]')" = true ]
}

@test "the ssh connection cut during pip: the server side still removes the container, scratch and temp image" {
  refresh
  assert_ok
  local before
  before=$(sha_of "$IMG")
  printf 'tqdm==4.67.1\n' >"$PROJ/requirements-slurm.txt"
  printf 'start 4\n' >"$FAKE_DIR/sleep_at"
  make -s --no-print-directory -f "$REPO/Makefile" -C "$PROJ" slurm-image-refresh ENROOT_BIN="$FAKE_DIR/enroot" \
    SSH_CTL_DIR="$PROJ" OUTPUT=json >"$PROJ/cut.out" 2>&1 &
  local mk=$! i ssh_pid=""
  for i in $(seq 1 50); do
    grep -q '^start|' "$FAKE_DIR/calls.log" 2>/dev/null && [ "$(grep -c '^start|' "$FAKE_DIR/calls.log")" -ge 2 ] && break
    sleep 0.2
  done
  [ "$(grep -c '^start|' "$FAKE_DIR/calls.log")" -ge 2 ]
  [ -n "$(find "$SCRATCH" -mindepth 1 -maxdepth 1)" ]        # mid-build: scratch in use
  # cut the connection: stop this test's own ssh master (its private ControlPath) and the ssh client under make
  ssh -F "$SSH_CONFIG_DEV" -o "ControlPath=$PROJ/%C" -O exit slurm-dev 2>/dev/null || true
  for ssh_pid in $(descendants "$mk"); do
    [ "$(ps -o comm= -p "$ssh_pid" 2>/dev/null)" = ssh ] && kill "$ssh_pid" 2>/dev/null
  done
  wait "$mk" || true
  for i in $(seq 1 40); do
    [ -z "$(leftovers)" ] && break
    sleep 0.25
  done
  [ -z "$(leftovers)" ] || { echo "left after the cut:"; leftovers; cat "$PROJ/cut.out"; return 1; }
  [ "$(sha_of "$IMG")" = "$before" ]
  # the install script saw the failure of the step that was running (the cut killed it) and cleaned up
  grep -q '^remove|' "$FAKE_DIR/calls.log"
  [[ "$(grep '^{' "$PROJ/cut.out" | tail -n 1)" == *'"error":"ssh_failed"'* ]]
}

@test "no enroot on the server → enroot_missing with a Korean message, nothing created there" {
  trace_reset
  tkj image-refresh ENROOT_BIN=enroot-not-installed-here
  assert_error enroot_missing
  [[ "$(j 'd["message"]')" == *"enroot 가 없습니다"* ]]
  [[ "$(j 'd["hint"]')" == *"ENROOT_BIN"* ]]
  assert_trace 1 0
  [ ! -e "$(dirname "$IMG")" ]
  [ -z "$(find "$SCRATCH" -mindepth 1)" ]
  # the dev cluster really has no enroot: the default binary gives the same answer
  tkj image-refresh
  assert_error enroot_missing
  tk image-refresh
  [ "$status" -ne 0 ]
  contains "enroot 가 없습니다"
}

@test "image-status: missing, fresh, stale after editing requirements-slurm.txt, sha256 verify (1 ssh each)" {
  tkj image-status
  assert_ok
  [ "$(j 'd["exists"]')" = false ]
  [ "$(j 'd["stale"]')" = true ]
  [[ "$(j 'd["hint"]')" == *"make slurm-image-refresh"* ]]
  refresh
  assert_ok
  trace_reset
  tkj image-status
  assert_ok
  assert_trace 1 0
  [ "$(j 'd["exists"]')" = true ]
  [ "$(j 'd["stale"]')" = false ]
  [ "$(j 'd["requirementsDiff"]')" = "[]" ]
  [ "$(j 'd["size"]')" = "$(stat -c %s "$IMG")" ]
  [ "$(j 'd["sha256"]')" = "$(sha_of "$IMG")" ]
  [[ "$(j 'd["modified"]')" =~ ^20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$ ]]
  # comments, blank lines and order do not make an image stale
  { printf '# reordered\n\n'; tac "$PROJ/requirements-slurm.txt"; } >"$PROJ/r.tmp" && mv "$PROJ/r.tmp" "$PROJ/requirements-slurm.txt"
  tkj image-status
  [ "$(j 'd["stale"]')" = false ]
  # a changed pin and a new package do
  sed -i 's/^pandas==.*/pandas==2.2.2/' "$PROJ/requirements-slurm.txt"
  printf 'statsmodels==0.14.4\n' >>"$PROJ/requirements-slurm.txt"
  tkj image-status
  assert_ok
  [ "$(j 'd["stale"]')" = true ]
  [ "$(j 'd["staleReason"]')" = requirements_changed ]
  [ "$(j 'sorted(d["requirementsDiff"])')" = '["+pandas==2.2.2", "+statsmodels==0.14.4", "-pandas==2.2.3"]' ]
  [[ "$(j 'd["message"]')" == *"이미지가 오래되었습니다"* ]]
  tk image-status
  contains "+statsmodels==0.14.4"
  contains "make slurm-image-refresh"
  # IMAGE_VERIFY=1 recomputes the sha256: a file changed behind our back is reported
  tkj image-status IMAGE_VERIFY=1
  [ "$(j 'd["verified"]')" = match ]
  printf 'x' >>"$IMG"
  tkj image-status IMAGE_VERIFY=1
  [ "$(j 'd["verified"]')" = mismatch ]
  [ "$(j 'd["staleReason"]')" = sha256_mismatch ]
}

@test "image-build / image-push / image-setup without Docker → docker_missing pointing to image-refresh, no ssh" {
  local bin="$PROJ/nodocker-bin" t
  mkdir -p "$bin"
  # a PATH with everything the toolkit needs but docker
  for t in bash sh make awk sed grep cat date mktemp rm mkdir dirname basename tr head tail cut sort comm find id \
           ssh rsync wc printf env sleep readlink stat; do
    [ -x "$(command -v "$t")" ] && ln -sf "$(command -v "$t")" "$bin/$t"
  done
  ! PATH="$bin" command -v docker
  trace_reset
  for t in image-build image-push image-setup; do
    run env PATH="$bin" make -s --no-print-directory -f "$REPO/Makefile" -C "$PROJ" "slurm-$t" OUTPUT=json
    last_json=$(printf '%s\n' "$output" | grep '^{' | tail -n 1)
    assert_error docker_missing
    [[ "$(j 'd["hint"]')" == *"make slurm-image-refresh"* ]]
    [[ "$(j 'd["message"]')" == *"Docker 가 없습니다"* ]]
  done
  assert_trace 0 0
}

@test "image-setup (fake docker here, fake docker loader + fake enroot on the server): build → save → 1 rsync → load → import → atomic install; archive removed" {
  local bin="$PROJ/fakebin"
  mkdir -p "$bin"
  cp "$REPO/tests/toolkit/fixtures/fake-docker" "$bin/docker"
  cp "$REPO/tests/toolkit/fixtures/fake-docker" "$FAKE_DIR/docker"
  export PATH="$bin:$PATH"
  trace_reset
  tkj image-setup ENROOT_BIN="$FAKE_DIR/enroot" IMAGE_LOADER="$FAKE_DIR/docker"
  assert_ok
  assert_trace 2 1                               # check ssh, the archive's rsync, the install ssh
  grep -q '^buildx build --platform linux/amd64 --load -t ptj_stock_lab:latest' "$bin/docker-calls.log"
  grep -q '^save -o ' "$bin/docker-calls.log"
  grep -q "^load -i $SCRATCH/ptj_stock_lab-upload\..*\.tar$" "$FAKE_DIR/docker-calls.log"
  grep -q '^import|.*args=-o .*/base.sqsh dockerd://ptj_stock_lab:latest' "$FAKE_DIR/calls.log"
  [ "$(mode_of "$IMG")" = 644 ]
  grep -qx "mode=push" "$IMG.meta"
  grep -qx "sha256=$(sha_of "$IMG")" "$IMG.meta"
  [ -z "$(leftovers)" ] || { leftovers; return 1; }   # the uploaded archive is gone too
  tkj image-status
  [ "$(j 'd["stale"]')" = false ]
  # enroot missing on the server: refused before the (large) upload
  trace_reset
  tkj image-push ENROOT_BIN=no-enroot-here IMAGE_LOADER="$FAKE_DIR/docker"
  assert_error enroot_missing
  assert_trace 1 0
  # a load failure keeps the installed image and removes the archive
  local before
  before=$(sha_of "$IMG")
  printf 'import\n' >"$FAKE_DIR/fail_at"
  tkj image-push ENROOT_BIN="$FAKE_DIR/enroot" IMAGE_LOADER="$FAKE_DIR/docker"
  assert_error image_build_failed
  [ "$(j 'd["step"]')" = import ]
  [ "$(sha_of "$IMG")" = "$before" ]
  [ -z "$(leftovers)" ] || { leftovers; return 1; }
}

@test "submit of a container profile with no .sqsh (CONTAINER_RUNTIME=pyxis in a temp cluster conf) → image_missing; sbatch never runs" {
  local conf="$PROJ/config/cluster.pyxis.conf"
  sed 's/^CONTAINER_RUNTIME=.*/CONTAINER_RUNTIME=pyxis/' "$CLUSTER_CONF" >"$conf"
  grep -qx 'CONTAINER_RUNTIME=pyxis' "$conf"
  tkj push PROFILE=study_exit_params
  assert_ok
  trace_reset
  tkj submit PROFILE=study_exit_params CLUSTER_CONF="$conf"
  assert_error image_missing
  [[ "$(j 'd["hint"]')" == *"make slurm-image-refresh"* ]]
  [ "$(j 'd["image"]')" = "$IMG" ]
  assert_trace 1 0
  [ ! -e "$PROJ/slurm/jobs/study_exit_params.jobid" ]
  [ ! -e "$TEST_REMOTE/$(rundir_of study_exit_params)/job.sbatch" ]
  # once an image is installed (fake enroot), the same submit gets past the image check
  refresh CLUSTER_CONF="$conf"
  assert_ok
  tkj submit PROFILE=study_exit_params CLUSTER_CONF="$conf" DRY_RUN=1
  assert_ok
}

@test "run (push+submit) of a container profile with no .sqsh stops in push's ssh: nothing copied, no .rundir, no job" {
  local conf="$PROJ/config/cluster.pyxis.conf"
  sed 's/^CONTAINER_RUNTIME=.*/CONTAINER_RUNTIME=pyxis/' "$CLUSTER_CONF" >"$conf"
  trace_reset
  tkj run PROFILE=backtest_v5 CLUSTER_CONF="$conf"
  assert_error image_missing
  [[ "$(j 'd["hint"]')" == *"make slurm-image-refresh"* ]]
  assert_trace 1 0
  [ ! -e "$PROJ/slurm/jobs/backtest_v5.rundir" ]
  [ ! -e "$PROJ/slurm/jobs/backtest_v5.jobid" ]
  [ -z "$(find "$TEST_REMOTE/runs" -mindepth 1 -maxdepth 1 2>/dev/null)" ]
  # a plain push does not need the image (only run/full check it); CONTAINER_RUNTIME=none runs need no image
  tkj push PROFILE=backtest_v5 CLUSTER_CONF="$conf"
  assert_ok
}

@test "a relative or registry CONTAINER_IMAGE is refused before anything runs (Pyxis would pull it from Docker Hub)" {
  printf 'runs/backtest_v5-20260101-000000\n' >"$PROJ/slurm/jobs/backtest_v5.rundir"
  trace_reset
  local bad
  for bad in ptj_stock_lab.sqsh python:3.10-slim slurm/images/ptj_stock_lab.sqsh docker://python; do
    tkj submit PROFILE=backtest_v5 CONTAINER_RUNTIME=pyxis CONTAINER_IMAGE="$bad"
    assert_error invalid_variable
    [ "$(j 'd["key"]')" = CONTAINER_IMAGE ]
    [[ "$(j 'd["expected"]')" == *"absolute path"* ]]
  done
  # the same from the cluster conf
  local conf="$PROJ/config/cluster.rel.conf"
  sed -e 's|^CONTAINER_IMAGE=.*|CONTAINER_IMAGE=ptj_stock_lab.sqsh|' -e 's/^CONTAINER_RUNTIME=.*/CONTAINER_RUNTIME=pyxis/' \
    "$CLUSTER_CONF" >"$conf"
  unset CONTAINER_IMAGE
  tkj submit PROFILE=backtest_v5 CLUSTER_CONF="$conf" DRY_RUN=1
  assert_error invalid_variable
  assert_trace 0 0
}

# ---------------------------------------------------------------- rendered template (no cluster needed)

render_pyxis() { # PROFILE [VAR=value...] → rendered default.sbatch on stdout (real cluster.conf, DRY_RUN)
  local p=$1
  shift
  printf 'runs/%s-20260101-000000\n' "$p" >"$PROJ/slurm/jobs/$p.rundir"
  run env -u CLUSTER_CONF -u REMOTE_DIR -u CONTAINER_IMAGE "$@" PROJECT_DIR="$PROJ" CLUSTER_CONF="$REPO/config/cluster.conf" \
    PROFILE="$p" DRY_RUN=1 OUTPUT=json bash "$REPO/scripts/slurm/toolkit.sh" submit
  [ "$status" -eq 0 ] || { echo "$output"; return 1; }
  last_json=$(printf '%s\n' "$output" | tail -n 1)
  j 'd["sbatch"]'
}

@test "rendered default.sbatch of every example profile matches its golden file, passes bash -n and shellcheck" {
  local p n=0 f
  for f in "$REPO"/slurm/profiles/*.conf; do
    p=$(basename "$f" .conf)
    render_pyxis "$p" >"$PROJ/$p.sbatch"
    if [ "${UPDATE_GOLDEN:-}" = 1 ]; then cp "$PROJ/$p.sbatch" "$REPO/tests/toolkit/golden/$p.sbatch"; fi
    diff -u "$REPO/tests/toolkit/golden/$p.sbatch" "$PROJ/$p.sbatch"
    bash -n "$PROJ/$p.sbatch"
    shellcheck -s bash "$PROJ/$p.sbatch"
    # the seed's run line, exactly: absolute image, the two mounts, workdir; plus our explicit flags
    grep -qx "  --container-image=/mnt/giga/project/ptj_stock_lab/slurm/images/ptj_stock_lab.sqsh \\\\" "$PROJ/$p.sbatch"
    grep -qx "  --container-mounts=/mnt/giga/project/ptj_stock_lab/runs/$p-20260101-000000:/workspace,/mnt/giga/project/ptj_stock_lab/data:/workspace/data \\\\" "$PROJ/$p.sbatch"
    grep -qx '  --container-workdir=/workspace \\' "$PROJ/$p.sbatch"
    grep -qx '  --no-container-mount-home \\' "$PROJ/$p.sbatch"
    grep -qx '  --container-readonly \\' "$PROJ/$p.sbatch"
    ! grep -q -- '--container-name' "$PROJ/$p.sbatch"
    n=$((n + 1))
  done
  [ "$n" -ge 3 ]
  # CONTAINER_MODE=writable switches the one flag
  render_pyxis backtest_v5 CONTAINER_MODE=writable >"$PROJ/w.sbatch"
  grep -qx '  --container-writable \\' "$PROJ/w.sbatch"
  ! grep -q -- '--container-readonly' "$PROJ/w.sbatch"
  run env PROJECT_DIR="$PROJ" CLUSTER_CONF="$REPO/config/cluster.conf" PROFILE=backtest_v5 CONTAINER_MODE=rw DRY_RUN=1 \
    OUTPUT=json bash "$REPO/scripts/slurm/toolkit.sh" submit
  [ "$status" -eq 2 ]
  [[ "$output" == *'"key":"CONTAINER_MODE"'* ]]
}

@test "remote image scripts and image actions pass bash -n and shellcheck" {
  local f
  for f in "$REPO"/scripts/slurm/remote/image-*.sh; do
    cat "$REPO/scripts/slurm/remote/prelude.sh" "$f" >"$PROJ/remote.sh"
    printf '\nmain "$@"\n' >>"$PROJ/remote.sh"
    bash -n "$PROJ/remote.sh"
    shellcheck -s bash -S warning -e SC2034 "$PROJ/remote.sh"
  done
  shellcheck -s bash "$REPO"/scripts/slurm/actions/image-*.sh "$REPO/scripts/slurm/lib/image.sh" "$REPO/tests/toolkit/fixtures/fake-enroot" \
    "$REPO/tests/toolkit/fixtures/fake-docker"
  bash -n "$REPO/Dockerfile" 2>/dev/null || true   # not shell; just make sure it names the pinned file
  grep -q '^FROM python:3.10-slim$' "$REPO/Dockerfile"
  grep -q 'requirements-slurm.txt' "$REPO/Dockerfile"
  # every requirement is pinned
  ! grep -v '^#' "$REPO/requirements-slurm.txt" | grep -v '^$' | grep -v '=='
}
