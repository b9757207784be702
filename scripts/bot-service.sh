#!/usr/bin/env bash
# Summary: install or remove the bot as a service (systemd on Linux, launchd on macOS)
# Usage: scripts/bot-service.sh install|uninstall
#
# Linux (root): writes /etc/systemd/system/slurm-runner.service, creates the dedicated system user SERVICE_USER
# (default slurm-runner) if missing, gives it the state dir, runs `systemctl daemon-reload` and `systemctl enable`.
# It never starts the bot: run `bin/slurm-runner doctor` as that user, then `systemctl start slurm-runner`.
# macOS: writes ~/Library/LaunchAgents/com.ptj.slurm-runner.plist (runs as you); `launchctl bootstrap` loads it.
#
# DESTDIR=/some/dir writes the files under that root and touches nothing else (no user, no chown, no
# systemctl/launchctl): that is how tests run it. SERVICE_OS=Linux|Darwin overrides `uname -s`.
# Tunables: SERVICE_USER, SERVICE_GROUP, ENV_FILE (default <checkout>/config/slack.env), STOP_TIMEOUT (seconds the
# bot drains running make calls, default 60), PREFIX_UNIT_DIR (default /etc/systemd/system).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$here/.." && pwd)
action=${1:-}
DESTDIR=${DESTDIR:-}
os=${SERVICE_OS:-$(uname -s)}
user=${SERVICE_USER:-slurm-runner}
group=${SERVICE_GROUP:-$user}
envfile=${ENV_FILE:-$ROOT/config/slack.env}
drain=${STOP_TIMEOUT:-60}
unit_dir=${PREFIX_UNIT_DIR:-/etc/systemd/system}
label=com.ptj.slurm-runner

die() { printf 'bot-service: %s\n' "$*" >&2; exit 1; }

case $drain in ''|*[!0-9]*) die "STOP_TIMEOUT must be whole seconds (got '$drain')" ;; esac
stopsec=$((drain + 30)) # systemd/launchd kill only after the bot had its drain time and a margin to write state
for v in "$ROOT" "$envfile"; do
  case $v in /*) ;; *) die "not an absolute path: $v" ;; esac
  case $v in *[!A-Za-z0-9_./+-]*) die "path with characters a unit file cannot hold safely: $v" ;; esac
done
case $user in ''|-*|*[!A-Za-z0-9_-]*) die "SERVICE_USER must be a plain user name (got '$user')" ;; esac
case $group in ''|-*|*[!A-Za-z0-9_-]*) die "SERVICE_GROUP must be a plain group name (got '$group')" ;; esac

# render TEMPLATE OUT: fill @ROOT@ … into OUT atomically (temp file + mv)
render() {
  local tmp
  mkdir -p "$(dirname "$2")"
  tmp=$(mktemp "$2.XXXXXX")
  sed -e "s|@ROOT@|$ROOT|g" -e "s|@ENVFILE@|$envfile|g" -e "s|@USER@|$user|g" -e "s|@GROUP@|$group|g" \
    -e "s|@DRAIN@|$drain|g" -e "s|@STOPSEC@|$stopsec|g" -e "s|@LOGDIR@|$logdir|g" "$1" >"$tmp"
  chmod 644 "$tmp"
  mv "$tmp" "$2"
}

linux_install() {
  local unit="$DESTDIR$unit_dir/slurm-runner.service"
  logdir=/var/log
  if [ -z "$DESTDIR" ]; then
    [ "$(id -u)" = 0 ] || die "run as root (sudo make bot-install), or with DESTDIR=… to only write the files"
    if ! id "$user" >/dev/null 2>&1; then
      useradd --system --create-home --home-dir "/var/lib/$user" --shell /usr/sbin/nologin "$user"
      echo "created system user $user (home /var/lib/$user: put its ssh key and known_hosts in ~/.ssh there)"
    fi
    # the unit runs the built jar (SLURM_RUNNER_JAR): the service user need not build anything
    [ -f "$ROOT/target/slurm-runner.jar" ] || "$ROOT/scripts/build.sh"
    mkdir -p "$ROOT/state" "$ROOT/slurm/jobs" "$ROOT/slurm/logs" "$ROOT/data/results"
    chown -R "$user:$group" "$ROOT/state" "$ROOT/slurm/jobs" "$ROOT/slurm/logs" "$ROOT/data/results"
    [ -f "$envfile" ] || echo "warning: $envfile does not exist yet: copy config/slack.env.example there (chmod 600, owner $user)"
  fi
  render "$here/service/slurm-runner.service.in" "$unit"
  echo "wrote $unit"
  if [ -z "$DESTDIR" ]; then
    systemctl daemon-reload
    systemctl enable slurm-runner.service
    echo "enabled (not started). Next: sudo -u $user env \$(grep -v '^#' $envfile | xargs) $ROOT/bin/slurm-runner doctor"
    echo "then: systemctl start slurm-runner && curl -s http://127.0.0.1:\${SLACK_PORT:-3000}/healthz"
  fi
}

linux_uninstall() {
  local unit="$DESTDIR$unit_dir/slurm-runner.service"
  if [ -z "$DESTDIR" ]; then
    [ "$(id -u)" = 0 ] || die "run as root (sudo make bot-uninstall), or with DESTDIR=…"
    systemctl disable --now slurm-runner.service 2>/dev/null || true
  fi
  rm -f "$unit"
  echo "removed $unit"
  if [ -z "$DESTDIR" ]; then
    systemctl daemon-reload
    echo "kept: the user $user, $ROOT/state and $envfile (remove by hand: userdel $user)"
  fi
}

mac_plist() { printf '%s\n' "$DESTDIR$HOME/Library/LaunchAgents/$label.plist"; }

mac_install() {
  local plist
  plist=$(mac_plist)
  logdir=$ROOT/state
  if [ -z "$DESTDIR" ]; then
    mkdir -p "$ROOT/state"
    [ -f "$ROOT/target/slurm-runner.jar" ] || "$ROOT/scripts/build.sh"
  fi
  render "$here/service/$label.plist.in" "$plist"
  echo "wrote $plist"
  if [ -z "$DESTDIR" ]; then
    echo "Next: bin/slurm-runner doctor, then: launchctl bootstrap gui/$(id -u) $plist"
  fi
}

mac_uninstall() {
  local plist
  plist=$(mac_plist)
  if [ -z "$DESTDIR" ]; then
    launchctl bootout "gui/$(id -u)/$label" 2>/dev/null || true
  fi
  rm -f "$plist"
  echo "removed $plist"
}

case $os:$action in
  Linux:install) linux_install ;;
  Linux:uninstall) linux_uninstall ;;
  Darwin:install) mac_install ;;
  Darwin:uninstall) mac_uninstall ;;
  *:install|*:uninstall) die "unsupported system: $os (systemd on Linux, launchd on macOS)" ;;
  *) die "usage: scripts/bot-service.sh install|uninstall" ;;
esac
