#!/usr/bin/env bash
# Summary: make sure this machine has what `make demo` and `make test` need; idempotent, silent when it has.
# Usage: scripts/setup.sh            (`make demo`, `make test` and `make setup` run it first)
#
# As root on Debian/Ubuntu (apt-get): installs the missing apt packages — the dev cluster's (SLURM, munge,
# MariaDB, sshd, rsync, python3), the test tools (bats, shellcheck, busybox), Maven, a JDK 17 when javac is
# missing or older, and fonts-nanum (Korean font for the result charts' PNGs). `apt-get update` only when
# an install is needed. When everything is there it prints nothing and takes well under a second.
# Anywhere else (not root, macOS, no apt-get): installs nothing; checks the commands, names each missing one
# with the command that installs it (brew on a Mac, sudo apt-get on Linux) and exits 1.
# SETUP_SKIP=1 skips every check (a machine set up by other means).
set -euo pipefail
export LANG=C.UTF-8 LC_ALL=C.UTF-8

[ "${SETUP_SKIP:-}" = 1 ] && exit 0

# apt packages: the dev cluster, the tests, the build. Keep in step with scripts/dev-cluster.sh's own list.
APT_PACKAGES="slurm-wlm slurmdbd munge mariadb-server openssh-server openssh-client rsync python3
  shellcheck busybox bats maven make git ca-certificates procps hostname util-linux fonts-nanum"
JDK_PACKAGE=openjdk-17-jdk-headless

say() { printf 'setup: %s\n' "$*" >&2; }

# java_ok: a javac of Java 17 or newer is on PATH
java_ok() {
	command -v javac >/dev/null 2>&1 || return 1
	local v
	v=$(javac -version 2>&1 | awk '{print $2}')
	v=${v%%.*}
	case $v in '' | *[!0-9]*) return 1 ;; esac
	[ "$v" -ge 17 ]
}

# ---- root on Debian/Ubuntu: install what is missing
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; then
	# one dpkg-query for all packages: "name status" lines of the installed ones
	# shellcheck disable=SC2086
	installed=$(dpkg-query -W -f='${Package} ${Status}\n' $APT_PACKAGES 2>/dev/null | awk '$NF == "installed" {print $1}' || true)
	missing=""
	for p in $APT_PACKAGES; do
		printf '%s\n' "$installed" | grep -qx "$p" && continue
		# busybox-static gives the same busybox command (and conflicts with busybox)
		[ "$p" = busybox ] && command -v busybox >/dev/null 2>&1 && continue
		missing="$missing $p"
	done
	java_ok || missing="$missing $JDK_PACKAGE"
	[ -z "$missing" ] && exit 0
	say "installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	# shellcheck disable=SC2086
	if ! apt-get install -y -q --no-install-recommends $missing >/tmp/slurm-runner-setup.log 2>&1; then
		say "apt-get update (package lists missing or stale)"
		apt-get update -q >>/tmp/slurm-runner-setup.log 2>&1 || {
			tail -n 20 /tmp/slurm-runner-setup.log >&2
			say "apt-get update failed (log /tmp/slurm-runner-setup.log)"
			exit 1
		}
		# shellcheck disable=SC2086
		apt-get install -y -q --no-install-recommends $missing >>/tmp/slurm-runner-setup.log 2>&1 || {
			tail -n 20 /tmp/slurm-runner-setup.log >&2
			say "apt-get install failed (log /tmp/slurm-runner-setup.log)"
			exit 1
		}
	fi
	java_ok || { say "javac 17+ still missing after installing $JDK_PACKAGE (check update-alternatives --config javac)"; exit 1; }
	say "installed:$missing"
	exit 0
fi

# ---- anywhere else: check, name what is missing and how to get it, install nothing
os=$(uname -s)
missing=()
how=()
# need COMMAND BREW_FORMULA APT_PACKAGE
need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	missing+=("$1")
	if [ "$os" = Darwin ]; then how+=("brew install $2"); else how+=("sudo apt-get install $3"); fi
}
need make make make
need git git git
need python3 python3 python3
need rsync rsync rsync
need ssh openssh openssh-client
need mvn maven maven
need shellcheck shellcheck shellcheck
need bats bats-core bats
if ! java_ok; then
	missing+=("javac (Java 17+)")
	if [ "$os" = Darwin ]; then how+=("brew install openjdk@17  (then: export JAVA_HOME=\$(brew --prefix openjdk@17))")
	else how+=("sudo apt-get install $JDK_PACKAGE"); fi
fi

if [ "${#missing[@]}" -gt 0 ]; then
	say "missing on this machine (nothing was installed: $( [ "$os" = Darwin ] && echo "macOS" || echo "not root or no apt-get")):"
	i=0
	while [ "$i" -lt "${#missing[@]}" ]; do
		printf '  %-18s → %s\n' "${missing[$i]}" "${how[$i]}" >&2
		i=$((i + 1))
	done
	if [ "$os" != Darwin ] && command -v apt-get >/dev/null 2>&1; then
		say "or run the same make target as root (sudo make demo / sudo make test): it installs all of it"
	fi
	exit 1
fi

# the dev cluster (real SLURM) runs only as root on Debian/Ubuntu; elsewhere it must be up already
if ! command -v sbatch >/dev/null 2>&1; then
	if [ "$os" = Darwin ]; then
		say "no dev cluster on a Mac: make demo / make test need a Debian/Ubuntu box (root). On the Mac use the"
		say "toolkit against the team's cluster (config/cluster.conf) and the bot: docs/mac.md"
	else
		say "SLURM is not installed: as root run sudo make demo (installs and starts the dev cluster)"
	fi
	exit 1
fi
exit 0
