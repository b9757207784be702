#!/usr/bin/env bats
# make bot-install / bot-uninstall (scripts/bot-service.sh) with DESTDIR: the files are written under a temp root and
# nothing else on this machine changes — systemctl, launchctl, useradd and chown are fakes that fail the test if
# called. The unit is checked by systemd-analyze verify where it exists; the plist by Python's plistlib.

bats_require_minimum_version 1.5.0

setup() {
  REPO="$(cd "$BATS_TEST_DIRNAME/../.." && pwd -P)"
  export LANG=C.UTF-8 LC_ALL=C.UTF-8
  ROOTDIR=$(mktemp -d)
  FAKEBIN=$(mktemp -d)
  for c in systemctl launchctl useradd chown; do
    printf '#!/bin/sh\necho "%s $*" >>"%s/called"\nexit 1\n' "$c" "$FAKEBIN" >"$FAKEBIN/$c"
    chmod +x "$FAKEBIN/$c"
  done
  export PATH="$FAKEBIN:$PATH"
  UNIT=$ROOTDIR/etc/systemd/system/slurm-runner.service
  PLIST=$ROOTDIR$HOME/Library/LaunchAgents/com.ptj.slurm-runner.plist
}

teardown() {
  rm -rf "$ROOTDIR" "$FAKEBIN"
}

nothing_called() {
  [ ! -e "$FAKEBIN/called" ] || { cat "$FAKEBIN/called"; return 1; }
}

@test "make bot-install DESTDIR=… writes a systemd unit with a dedicated user, the env file, restart and stop timeout" {
  run make -s --no-print-directory -C "$REPO" bot-install DESTDIR="$ROOTDIR" SERVICE_OS=Linux
  [ "$status" -eq 0 ] || { echo "$output"; return 1; }
  [ -f "$UNIT" ]
  grep -qx 'User=slurm-runner' "$UNIT"
  grep -qx "EnvironmentFile=$REPO/config/slack.env" "$UNIT"
  grep -qx 'Restart=on-failure' "$UNIT"
  grep -qx 'TimeoutStopSec=90' "$UNIT"
  grep -qx 'Environment=SLURM_RUNNER_STOP_TIMEOUT=60' "$UNIT"
  grep -qx 'KillMode=mixed' "$UNIT"
  grep -qx "ExecStart=$REPO/bin/slurm-runner slack" "$UNIT"
  ! grep -q '@[A-Z]*@' "$UNIT"
  ! grep -qi 'xoxb\|token=' "$UNIT"
  [ "$(stat -c %a "$UNIT" 2>/dev/null || stat -f %Lp "$UNIT")" = 644 ]
  nothing_called
}

@test "the unit passes systemd-analyze verify (and verify does catch a broken unit here)" {
  command -v systemd-analyze >/dev/null 2>&1 || skip "systemd-analyze not installed"
  DESTDIR="$ROOTDIR" SERVICE_OS=Linux SERVICE_USER=svc STOP_TIMEOUT=120 "$REPO/scripts/bot-service.sh" install
  grep -qx 'TimeoutStopSec=150' "$UNIT"
  run systemd-analyze verify "$UNIT"
  [ "$status" -eq 0 ]
  [ -z "$output" ] || { echo "$output"; return 1; }
  # a unit without ExecStart must be refused, or the check above proves nothing
  sed '/^ExecStart=/d; s/^KillMode=mixed/KillMode=bogus/' "$UNIT" >"$ROOTDIR/broken.service"
  run systemd-analyze verify "$ROOTDIR/broken.service"
  [ -n "$output" ]
}

@test "make bot-uninstall DESTDIR=… removes the unit and calls nothing" {
  DESTDIR="$ROOTDIR" SERVICE_OS=Linux "$REPO/scripts/bot-service.sh" install
  [ -f "$UNIT" ]
  run make -s --no-print-directory -C "$REPO" bot-uninstall DESTDIR="$ROOTDIR" SERVICE_OS=Linux
  [ "$status" -eq 0 ]
  [ ! -e "$UNIT" ]
  nothing_called
}

@test "on a Mac it writes a launchd plist that parses, runs 'slurm-runner slack' after reading the env file" {
  command -v python3 >/dev/null 2>&1 || skip "python3 needed to parse the plist"
  DESTDIR="$ROOTDIR" SERVICE_OS=Darwin "$REPO/scripts/bot-service.sh" install
  [ -f "$PLIST" ]
  run python3 - "$PLIST" "$REPO" <<'PY'
import plistlib, sys
d = plistlib.load(open(sys.argv[1], 'rb'))
root = sys.argv[2]
assert d['Label'] == 'com.ptj.slurm-runner', d
args = d['ProgramArguments']
assert args[:2] == ['/bin/bash', '-c'] and 'exec "$1" slack' in args[2], args
assert args[3] == root + '/config/slack.env' and args[4] == root + '/bin/slurm-runner', args
assert d['KeepAlive'] == {'SuccessfulExit': False}, d['KeepAlive']
assert d['ExitTimeOut'] == 90 and d['EnvironmentVariables']['SLURM_RUNNER_STOP_TIMEOUT'] == '60'
assert d['WorkingDirectory'] == root
print('ok')
PY
  [ "$status" -eq 0 ] || { echo "$output"; return 1; }
  DESTDIR="$ROOTDIR" SERVICE_OS=Darwin "$REPO/scripts/bot-service.sh" uninstall
  [ ! -e "$PLIST" ]
  nothing_called
}

@test "refuses user names and paths a unit file cannot hold" {
  run env DESTDIR="$ROOTDIR" SERVICE_OS=Linux SERVICE_USER='x;rm' "$REPO/scripts/bot-service.sh" install
  [ "$status" -ne 0 ]
  run env DESTDIR="$ROOTDIR" SERVICE_OS=Linux ENV_FILE='/tmp/a b.env' "$REPO/scripts/bot-service.sh" install
  [ "$status" -ne 0 ]
  [ ! -e "$UNIT" ]
}
