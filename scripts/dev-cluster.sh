#!/usr/bin/env bash
# Dev cluster: a real single-node SLURM (munge, MariaDB + slurmdbd, slurmctld, slurmd) plus an sshd on
# 127.0.0.1:2222, on this Debian/Ubuntu machine, as root.
#
#   scripts/dev-cluster.sh up                 start what is missing (idempotent), write config/cluster.dev.conf
#   scripts/dev-cluster.sh down               stop every daemon (by its pidfile pid)
#   scripts/dev-cluster.sh status             one line per daemon; exit 0 only if all are up
#   scripts/dev-cluster.sh stop|start|restart DAEMON     DAEMON: munge mariadb slurmdbd slurmctld slurmd sshd
#
# Environment: DEV_ROOT (default /var/lib/slurm-runner-dev) holds state, logs, pidfiles, keys and the remote
# project dir; PROJECT_DIR (default: the repo this script lives in) receives config/cluster.dev.conf.
# Services never start themselves here (policy-rc.d), so each daemon is started by hand, in order, and stopped
# only through the pid in its own pidfile.
set -euo pipefail

DEV_ROOT=${DEV_ROOT:-/var/lib/slurm-runner-dev}
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=${PROJECT_DIR:-$(cd "$SCRIPT_DIR/.." && pwd)}

NODE=$(hostname -s)
CLUSTER_NAME=slurmdev
SLURM_ETC=/etc/slurm
SLURM_CONF=$SLURM_ETC/slurm.conf
SLURMDBD_CONF=$SLURM_ETC/slurmdbd.conf
SSH_PORT=2222
RUN=$DEV_ROOT/run
LOG=$DEV_ROOT/log
SSH_DIR=$DEV_ROOT/ssh
REMOTE_DIR=$DEV_ROOT/mnt/giga/project/ptj_stock_lab
MUNGE_PID=/run/munge/munged.pid
MYSQL_PID=/run/mysqld/mysqld.pid
MYSQL_SOCK=/run/mysqld/mysqld.sock
DB_NAME=slurm_acct_db
DB_USER=slurm
DAEMONS="munge mariadb slurmdbd slurmctld slurmd sshd"
PACKAGES="slurm-wlm slurmdbd munge mariadb-server openssh-server openssh-client rsync python3"
export DEBIAN_FRONTEND=noninteractive

T0=$(date +%s%N)
say() { printf '[dev-cluster %5.1fs] %s\n' "$(elapsed)" "$*"; }
die() { printf '[dev-cluster] ERROR: %s\n' "$*" >&2; exit 1; }
elapsed() {
	local now
	now=$(date +%s%N)
	awk -v a="$T0" -v b="$now" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'
}

usage() {
	sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
	exit 2
}

need_root() {
	[ "$(id -u)" -eq 0 ] || die "run as root (the dev cluster starts system daemons): sudo $0 $*"
}

# ---------------------------------------------------------------------------------------------------------------
# pidfiles

pidfile_of() {
	case $1 in
	munge) echo "$MUNGE_PID" ;;
	mariadb) echo "$MYSQL_PID" ;;
	slurmdbd) echo "$RUN/slurmdbd.pid" ;;
	slurmctld) echo "$RUN/slurmctld.pid" ;;
	slurmd) echo "$RUN/slurmd.pid" ;;
	sshd) echo "$RUN/sshd.pid" ;;
	*) die "unknown daemon '$1' (one of: $DAEMONS)" ;;
	esac
}

# process names (/proc/PID/comm) a live daemon may have
comm_ok() {
	case $1:$2 in
	munge:munged | mariadb:mariadbd | mariadb:mysqld | slurmdbd:slurmdbd | slurmctld:slurmctld | slurmd:slurmd | sshd:sshd) return 0 ;;
	*) return 1 ;;
	esac
}

# prints the pid of a running daemon, or nothing
daemon_pid() {
	local f pid comm
	f=$(pidfile_of "$1")
	# mysqld's own pidfile is not world-readable: others read the copy "up" keeps in $RUN
	[ -r "$f" ] || f=$RUN/$1.pid
	[ -r "$f" ] || return 0
	pid=$(tr -dc 0-9 <"$f" || true)
	[ -n "$pid" ] || return 0
	[ -r "/proc/$pid/comm" ] || return 0
	comm=$(cat "/proc/$pid/comm" 2>/dev/null || true)
	comm_ok "$1" "$comm" && echo "$pid"
	return 0
}

is_up() { [ -n "$(daemon_pid "$1")" ]; }

# wait_for SECONDS DESCRIPTION LOGFILE COMMAND...
wait_for() {
	local limit=$1 what=$2 logfile=$3 i=0
	shift 3
	while ! "$@" >/dev/null 2>&1; do
		i=$((i + 1))
		if [ "$i" -gt $((limit * 4)) ]; then
			echo "---- last lines of $logfile ----" >&2
			tail -n 20 "$logfile" >&2 2>/dev/null || true
			die "$what did not come up within ${limit}s; see $logfile"
		fi
		sleep 0.25
	done
}

stop_daemon() {
	local d=$1 pid i
	pid=$(daemon_pid "$d")
	if [ -z "$pid" ]; then
		say "$d: not running"
		return 0
	fi
	kill -TERM "$pid" 2>/dev/null || true
	for i in $(seq 1 120); do
		[ -d "/proc/$pid" ] || break
		sleep 0.25
	done
	if [ -d "/proc/$pid" ]; then
		say "$d: still alive after 30s, sending KILL to $pid"
		# mysqld_safe would restart a killed mysqld: kill the guardian first (our own pid from its pidfile)
		if [ "$d" = mariadb ] && [ -r "$RUN/mysqld_safe.pid" ]; then
			kill -KILL "$(tr -dc 0-9 <"$RUN/mysqld_safe.pid")" 2>/dev/null || true
		fi
		kill -KILL "$pid" 2>/dev/null || true
		sleep 0.5
	fi
	if [ "$d" = mariadb ] && [ -r "$RUN/mysqld_safe.pid" ]; then
		# mysqld_safe exits by itself once mysqld shut down cleanly; wait for it
		local spid
		spid=$(tr -dc 0-9 <"$RUN/mysqld_safe.pid" || true)
		for i in $(seq 1 40); do
			if [ -z "$spid" ] || [ ! -d "/proc/$spid" ]; then break; fi
			sleep 0.25
		done
		rm -f "$RUN/mysqld_safe.pid" "$RUN/mariadb.pid"
	fi
	rm -f "$(pidfile_of "$d")"
	say "$d: stopped (pid $pid)"
}

# ---------------------------------------------------------------------------------------------------------------
# packages, keys, config files

ensure_packages() {
	local missing="" p
	for p in $PACKAGES; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	say "installing:$missing"
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
	say "packages installed"
}

# replace FILE with the content on stdin only when it differs; returns 0 if the file changed
write_if_changed() {
	local f=$1 mode=$2 tmp
	tmp=$(mktemp "$f.XXXXXX")
	cat >"$tmp"
	chmod "$mode" "$tmp"
	if [ -f "$f" ] && cmp -s "$tmp" "$f"; then
		rm -f "$tmp"
		return 1
	fi
	mv -f "$tmp" "$f"
	return 0
}

ensure_dirs() {
	mkdir -p "$DEV_ROOT" "$RUN" "$LOG" "$SSH_DIR" "$DEV_ROOT/state/slurmctld" "$DEV_ROOT/spool/slurmd" \
		"$DEV_ROOT/secrets" "$SLURM_ETC" /run/sshd
	chmod 700 "$DEV_ROOT/secrets" "$SSH_DIR"
	mkdir -p "$REMOTE_DIR/data" "$REMOTE_DIR/runs" "$REMOTE_DIR/slurm/logs" "$REMOTE_DIR/slurm/images"
	install -d -o munge -g munge -m 0755 /run/munge
	install -d -o munge -g munge -m 0700 /etc/munge /var/log/munge
	install -d -o munge -g munge -m 0711 /var/lib/munge
	install -d -o mysql -g mysql -m 0755 /run/mysqld
}

ensure_munge_key() {
	local k=/etc/munge/munge.key
	if [ ! -s "$k" ]; then
		say "munge: creating key $k"
		dd if=/dev/urandom of="$k" bs=1024 count=1 status=none
	fi
	chown munge:munge "$k"
	chmod 0400 "$k"
}

db_password() {
	local f=$DEV_ROOT/secrets/db_password
	if [ ! -s "$f" ]; then
		(umask 077 && head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24 >"$f")
	fi
	cat "$f"
}

# none | reconfigure (only keys slurmctld re-reads on "scontrol reconfigure" changed) | restart
CONFIG_CHANGED=none
# keys whose change "scontrol reconfigure" applies; anything else (node, partition, plugins, ports) needs a restart
RECONFIGURABLE_KEYS=" TaskProlog MinJobAge KillWait DefMemPerCPU InactiveLimit SchedulerParameters SlurmctldTimeout SlurmdTimeout "


write_slurm_conf() {
	# a host name the resolver does not know (no /etc/hosts line) is given its address explicitly
	local ctld_host=$NODE node_addr=""
	if ! getent hosts "$NODE" >/dev/null 2>&1; then
		ctld_host="$NODE(127.0.0.1)"
		node_addr=" NodeAddr=127.0.0.1"
	fi
	local old="" key
	[ -f "$SLURM_CONF" ] && old=$(cat "$SLURM_CONF")
	if write_if_changed "$SLURM_CONF" 0644 <<EOF; then
# Written by slurm-runner scripts/dev-cluster.sh; rewritten on every "up". Single-node dev cluster.
ClusterName=$CLUSTER_NAME
SlurmctldHost=$ctld_host
AuthType=auth/munge
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
MpiDefault=none
ReturnToService=2
SlurmdParameters=config_overrides
StateSaveLocation=$DEV_ROOT/state/slurmctld
SlurmdSpoolDir=$DEV_ROOT/spool/slurmd
SlurmctldPidFile=$RUN/slurmctld.pid
SlurmdPidFile=$RUN/slurmd.pid
SlurmctldLogFile=$LOG/slurmctld.log
SlurmdLogFile=$LOG/slurmd.log
SlurmctldPort=6817
SlurmdPort=6818
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=localhost
AccountingStorageEnforce=associations,limits
AccountingStoreFlags=job_comment
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherParams=OverMemoryKill
JobAcctGatherFrequency=task=2
JobCompType=jobcomp/none
# finished jobs leave squeue after MinJobAge seconds; sacct (slurmdbd) keeps them
MinJobAge=60
KillWait=5
InactiveLimit=0
SlurmctldTimeout=30
SlurmdTimeout=60
SchedulerType=sched/backfill
# jobs without --mem get 1 GB per CPU instead of the whole node
DefMemPerCPU=1000
NodeName=$NODE$node_addr CPUs=96 RealMemory=384000 State=UNKNOWN
PartitionName=all Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
		CONFIG_CHANGED=reconfigure
		# keys on changed lines (comments ignored)
		for key in $(printf '%s\n' "$old" | diff - "$SLURM_CONF" | sed -n 's/^[<>] \([A-Za-z]*\)=.*/\1/p' | sort -u); do
			case $RECONFIGURABLE_KEYS in *" $key "*) ;; *) CONFIG_CHANGED=restart ;; esac
		done
		say "wrote $SLURM_CONF ($CONFIG_CHANGED)"
	fi
	if write_if_changed "$SLURMDBD_CONF" 0600 <<EOF; then
# Written by slurm-runner scripts/dev-cluster.sh
AuthType=auth/munge
DbdHost=localhost
DbdPort=6819
SlurmUser=root
StorageType=accounting_storage/mysql
StorageHost=localhost
StorageUser=$DB_USER
StoragePass=$(db_password)
StorageLoc=$DB_NAME
LogFile=$LOG/slurmdbd.log
PidFile=$RUN/slurmdbd.pid
EOF
		say "wrote $SLURMDBD_CONF"
	fi
}

write_ssh_files() {
	local hk=$SSH_DIR/ssh_host_ed25519_key ck=$SSH_DIR/id_ed25519
	[ -s "$hk" ] || ssh-keygen -q -t ed25519 -N '' -C slurm-dev-host -f "$hk"
	[ -s "$ck" ] || ssh-keygen -q -t ed25519 -N '' -C slurm-dev-client -f "$ck"
	chmod 600 "$hk" "$ck"
	write_if_changed "$SSH_DIR/authorized_keys" 0600 <"$ck.pub" || true
	printf '[127.0.0.1]:%s %s\n' "$SSH_PORT" "$(cut -d' ' -f1,2 "$hk.pub")" |
		write_if_changed "$SSH_DIR/known_hosts" 0644 || true
	write_if_changed "$SSH_DIR/sshd_config" 0644 <<EOF || true
# Written by slurm-runner scripts/dev-cluster.sh: the dev cluster's own sshd (never the system one).
Port $SSH_PORT
ListenAddress 127.0.0.1
HostKey $hk
AuthorizedKeysFile $SSH_DIR/authorized_keys
PidFile $RUN/sshd.pid
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
StrictModes no
UsePAM no
UseDNS no
PrintMotd no
PrintLastLog no
MaxStartups 200
MaxSessions 200
SetEnv LANG=C.UTF-8
Subsystem sftp internal-sftp
EOF
	write_if_changed "$SSH_DIR/ssh_config" 0644 <<EOF || true
# Written by slurm-runner scripts/dev-cluster.sh. Use: ssh -F $SSH_DIR/ssh_config slurm-dev
Host slurm-dev
  HostName 127.0.0.1
  Port $SSH_PORT
  User root
  IdentityFile $ck
  IdentitiesOnly yes
  UserKnownHostsFile $SSH_DIR/known_hosts
  StrictHostKeyChecking yes
  BatchMode yes
  LogLevel ERROR
EOF
}

write_cluster_dev_conf() {
	mkdir -p "$REPO_DIR/config"
	if write_if_changed "$REPO_DIR/config/cluster.dev.conf" 0644 <<EOF; then
# Written by scripts/dev-cluster.sh up: the local dev cluster (git-ignored). Same keys as config/cluster.conf.
SLURM_HOST=slurm-dev
REMOTE_DIR=$REMOTE_DIR
PARTITION=all
ACCOUNT=default
CONTAINER_IMAGE=$REMOTE_DIR/slurm/images/ptj_stock_lab.sqsh
CONTAINER_RUNTIME=none
SSH_CONFIG=$SSH_DIR/ssh_config
EOF
		say "wrote $REPO_DIR/config/cluster.dev.conf"
	fi
}

# ---------------------------------------------------------------------------------------------------------------
# starting each daemon

mysql_root() { mysql --protocol=socket -S "$MYSQL_SOCK" -uroot; }

start_munge() {
	ensure_munge_key
	runuser -u munge -- /usr/sbin/munged --force </dev/null >>"$LOG/munged.out" 2>&1 ||
		die "munged failed to start; see /var/log/munge/munged.log and $LOG/munged.out"
	wait_for 15 munge /var/log/munge/munged.log sh -c 'munge -n | unmunge'
}

start_mariadb() {
	if [ ! -d /var/lib/mysql/mysql ]; then
		say "mariadb: initialising /var/lib/mysql"
		mariadb-install-db --user=mysql --datadir=/var/lib/mysql >>"$LOG/mariadb-install.log" 2>&1 ||
			die "mariadb-install-db failed; see $LOG/mariadb-install.log"
	fi
	touch "$LOG/mariadb.err"
	chown mysql:mysql "$LOG/mariadb.err"
	setsid mysqld_safe --user=mysql --pid-file="$MYSQL_PID" --socket="$MYSQL_SOCK" --skip-syslog \
		--log-error="$LOG/mariadb.err" </dev/null >>"$LOG/mysqld_safe.out" 2>&1 &
	echo $! >"$RUN/mysqld_safe.pid"
	wait_for 60 mariadb "$LOG/mariadb.err" mysqladmin --protocol=socket -S "$MYSQL_SOCK" ping
	wait_for 10 "mariadb pidfile" "$LOG/mariadb.err" is_up mariadb
	cp "$MYSQL_PID" "$RUN/mariadb.pid" && chmod 644 "$RUN/mariadb.pid"
}

ensure_database() {
	local pw
	pw=$(db_password)
	mysql_root <<EOF
CREATE DATABASE IF NOT EXISTS $DB_NAME;
CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$pw';
ALTER USER '$DB_USER'@'localhost' IDENTIFIED BY '$pw';
GRANT ALL ON $DB_NAME.* TO '$DB_USER'@'localhost';
FLUSH PRIVILEGES;
EOF
}

start_slurmdbd() {
	/usr/sbin/slurmdbd </dev/null >>"$LOG/slurmdbd.out" 2>&1 || die "slurmdbd failed to start; see $LOG/slurmdbd.log"
	wait_for 60 slurmdbd "$LOG/slurmdbd.log" sacctmgr -n list cluster
}

ensure_accounts() {
	local u users="root"
	if [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ] && id "$SUDO_USER" >/dev/null 2>&1; then
		users="$users $SUDO_USER"
	fi
	for u in ${DEV_EXTRA_USERS:-}; do users="$users $u"; done
	if [ -z "$(sacctmgr -n -P list cluster "$CLUSTER_NAME" format=cluster)" ]; then
		sacctmgr -i add cluster "$CLUSTER_NAME" >/dev/null
		say "accounting: cluster $CLUSTER_NAME added"
	fi
	if [ -z "$(sacctmgr -n -P list account default format=account)" ]; then
		sacctmgr -i add account default cluster="$CLUSTER_NAME" description=dev organization=dev >/dev/null
		say "accounting: account default added"
	fi
	for u in $users; do
		if [ -z "$(sacctmgr -n -P list assoc cluster="$CLUSTER_NAME" account=default user="$u" format=user)" ]; then
			sacctmgr -i add user "$u" account=default cluster="$CLUSTER_NAME" defaultaccount=default >/dev/null
			say "accounting: user $u added to account default"
		fi
	done
}

start_slurmctld() {
	/usr/sbin/slurmctld </dev/null >>"$LOG/slurmctld.out" 2>&1 || die "slurmctld failed to start; see $LOG/slurmctld.log"
	wait_for 60 slurmctld "$LOG/slurmctld.log" scontrol ping
}

start_slurmd() {
	/usr/sbin/slurmd </dev/null >>"$LOG/slurmd.out" 2>&1 || die "slurmd failed to start; see $LOG/slurmd.log"
	wait_for 30 "slurmd pidfile" "$LOG/slurmd.log" is_up slurmd
}

start_sshd() {
	/usr/sbin/sshd -t -f "$SSH_DIR/sshd_config" || die "sshd config $SSH_DIR/sshd_config is invalid"
	/usr/sbin/sshd -f "$SSH_DIR/sshd_config" -E "$LOG/sshd.log" </dev/null >>"$LOG/sshd.out" 2>&1 ||
		die "sshd failed to start; see $LOG/sshd.log"
	wait_for 15 sshd "$LOG/sshd.log" ssh -F "$SSH_DIR/ssh_config" -o ConnectTimeout=5 slurm-dev true
}

node_state() { sinfo -h -N -n "$NODE" -o %T 2>/dev/null | head -n 1; }

wait_node_idle() {
	local i st=""
	for i in $(seq 1 120); do
		st=$(node_state || true)
		case $st in
		idle | mixed | allocated | completing) return 0 ;;
		*drain* | down*)
			# a node left down/drained by an earlier crash or restart: bring it back
			scontrol update nodename="$NODE" state=resume >/dev/null 2>&1 || true
			;;
		esac
		sleep 0.5
	done
	die "node $NODE is '${st:-unknown}', not idle, after 60s; see $LOG/slurmd.log and $LOG/slurmctld.log"
}

start_daemon() {
	local d=$1 t pid
	if pid=$(daemon_pid "$d") && [ -n "$pid" ]; then
		say "$d: already up (pid $pid)"
		return 0
	fi
	t=$(date +%s%N)
	rm -f "$(pidfile_of "$d")"
	# 9>&-: daemons must not inherit the lock of "up"
	"start_$d" 9>&-
	pid=$(daemon_pid "$d")
	[ -n "$pid" ] || die "$d started but its pidfile $(pidfile_of "$d") shows no live process"
	say "$d: started (pid $pid) in $(awk -v a="$t" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')s"
}

# ---------------------------------------------------------------------------------------------------------------
# commands

cmd_up() {
	need_root up
	mkdir -p "$DEV_ROOT"
	exec 9>"$DEV_ROOT/.up.lock"
	flock -w 600 9 || die "another dev-cluster.sh holds $DEV_ROOT/.up.lock"
	say "up: DEV_ROOT=$DEV_ROOT node=$NODE"
	ensure_packages
	ensure_dirs
	write_slurm_conf
	write_ssh_files
	start_daemon munge
	start_daemon mariadb
	cp "$MYSQL_PID" "$RUN/mariadb.pid" && chmod 644 "$RUN/mariadb.pid"
	ensure_database
	start_daemon slurmdbd
	ensure_accounts
	if [ "$CONFIG_CHANGED" = restart ]; then
		# slurm.conf changed under running daemons: restart them so node/partition definitions take effect
		# (running jobs survive: their slurmstepd processes keep going)
		if is_up slurmd; then stop_daemon slurmd; fi
		if is_up slurmctld; then stop_daemon slurmctld; fi
	fi
	local ctld_was_up=0
	if is_up slurmctld; then ctld_was_up=1; fi
	start_daemon slurmctld
	start_daemon slurmd
	if [ "$CONFIG_CHANGED" = reconfigure ] && [ "$ctld_was_up" = 1 ]; then
		scontrol reconfigure || die "scontrol reconfigure failed; see $LOG/slurmctld.log"
		say "slurm: reconfigured"
	fi
	wait_node_idle
	say "slurm: node $NODE $(node_state), partition all, account default"
	start_daemon sshd
	write_cluster_dev_conf
	say "up: done. ssh -F $SSH_DIR/ssh_config slurm-dev; remote dir $REMOTE_DIR"
}

cmd_down() {
	need_root down
	local d
	for d in sshd slurmd slurmctld slurmdbd mariadb munge; do
		stop_daemon "$d"
	done
	say "down: done"
}

cmd_status() {
	local d pid rc=0
	for d in $DAEMONS; do
		pid=$(daemon_pid "$d")
		if [ -n "$pid" ]; then
			printf '%-10s up    pid %s\n' "$d" "$pid"
		else
			printf '%-10s down\n' "$d"
			rc=1
		fi
	done
	if [ "$rc" = 0 ]; then
		printf '%-10s %s\n' node "$(node_state || echo '?')"
	else
		echo "start it with: sudo $0 up" >&2
	fi
	return "$rc"
}

one_daemon() {
	local verb=$1 d=${2:-}
	[ -n "$d" ] || usage
	pidfile_of "$d" >/dev/null
	need_root "$verb"
	ensure_dirs
	case $verb in
	stop) stop_daemon "$d" ;;
	start) start_daemon "$d" ;;
	restart)
		stop_daemon "$d"
		start_daemon "$d"
		;;
	esac
	case $d in
	slurmd | slurmctld) if is_up slurmctld && is_up slurmd; then wait_node_idle; fi ;;
	esac
}

case ${1:-} in
up) cmd_up ;;
down) cmd_down ;;
status) cmd_status ;;
stop | start | restart) one_daemon "$1" "${2:-}" ;;
*) usage ;;
esac
