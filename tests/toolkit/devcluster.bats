#!/usr/bin/env bats
# The dev cluster is a real SLURM with accounting enforced, reachable over ssh as `slurm-dev`.
# Other test suites run jobs on it at the same time: only our own job ids are waited for or cancelled.

setup_file() {
	export DEV_ROOT=${DEV_ROOT:-/var/lib/slurm-runner-dev}
	export SSH_CFG=$DEV_ROOT/ssh/ssh_config
	export NODE
	NODE=$(hostname -s)
	export JOBS_FILE=$BATS_FILE_TMPDIR/jobs
	: >"$JOBS_FILE"
}

teardown_file() {
	local ids
	ids=$(tr '\n' ' ' <"$JOBS_FILE")
	# shellcheck disable=SC2086
	[ -z "${ids// /}" ] || scancel $ids 2>/dev/null || true
}

# submit ARGS... : sbatch --parsable, remembers the id for teardown, prints it
submit() {
	local id
	id=$(cd "$BATS_FILE_TMPDIR" && sbatch --parsable "$@") || return 1
	id=${id%%;*}
	echo "$id" >>"$JOBS_FILE"
	echo "$id"
}

# final_state JOBID SECONDS : waits until sacct shows a terminal state, prints it
final_state() {
	local id=$1 limit=$2 n=0 st=""
	while [ "$n" -lt $((limit * 2)) ]; do
		n=$((n + 1))
		st=$(sacct -X -n -P -j "$id" -o State 2>/dev/null | head -n 1 | awk '{print $1}')
		case $st in
		COMPLETED | FAILED | CANCELLED | TIMEOUT | OUT_OF_MEMORY | NODE_FAIL | PREEMPTED | BOOT_FAIL | DEADLINE)
			echo "$st"
			return 0
			;;
		esac
		sleep 0.5
	done
	echo "still ${st:-unknown} after ${limit}s"
	return 1
}

# sacct_settles JOBID FIELDS EXPECTED : right after a job ends, slurmdbd may still hold a partial record (empty
# Partition, odd ReqMem) for a moment; wait up to 20 s for the full one.
sacct_settles() {
	local n=0 got=""
	while [ "$n" -lt 40 ]; do
		got=$(sacct -X -n -P -j "$1" -o "$2" 2>&1)
		[ "$got" = "$3" ] && return 0
		n=$((n + 1))
		sleep 0.5
	done
	echo "sacct -o $2 gave '$got', expected '$3'"
	return 1
}

@test "sinfo shows the node up in partition all" {
	run sinfo -h -N -n "$NODE" -p all -o '%P %T'
	[ "$status" -eq 0 ]
	# idle, or mixed/allocated while other suites' jobs run
	[[ $output =~ ^all\*?\ (idle|mixed|allocated)$ ]]
}

@test "ssh slurm-dev runs a command non-interactively" {
	run ssh -F "$SSH_CFG" slurm-dev 'echo ok-$(hostname -s)'
	[ "$status" -eq 0 ]
	[ "$output" = "ok-$NODE" ]
}

@test "ssh slurm-dev sees sbatch and /usr/bin/python3" {
	run ssh -F "$SSH_CFG" slurm-dev 'command -v sbatch && test -x /usr/bin/python3 && echo py-ok'
	[ "$status" -eq 0 ]
	[[ $output == *py-ok* ]]
}

@test "sbatch -A default -p all runs a job and sacct sees it COMPLETED" {
	id=$(submit -A default -p all -J dc-ok -o "$BATS_FILE_TMPDIR/%j.out" --wrap 'sleep 1; /usr/bin/python3 -c "print(6*7)"')
	[[ $id =~ ^[0-9]+$ ]]
	run final_state "$id" 60
	[ "$status" -eq 0 ]
	[ "$output" = COMPLETED ]
	[ "$(cat "$BATS_FILE_TMPDIR/$id.out")" = 42 ]
	run sacct_settles "$id" Account,Partition,ExitCode "default|all|0:0"
	[ "$status" -eq 0 ]
}

@test "a job submitted over ssh runs python3" {
	id=$(ssh -F "$SSH_CFG" slurm-dev "cd '$BATS_FILE_TMPDIR' && sbatch --parsable -A default -J dc-py -o '$BATS_FILE_TMPDIR/%j.out' --wrap 'python3 -c \"import sys; print(sys.version_info[0])\"'")
	id=${id%%;*}
	echo "$id" >>"$JOBS_FILE"
	run final_state "$id" 60
	[ "$output" = COMPLETED ]
	[ "$(cat "$BATS_FILE_TMPDIR/$id.out")" = 3 ]
}

@test "sbatch -A taehyun is refused: Invalid account" {
	run sbatch -A taehyun -p all --wrap true
	[ "$status" -ne 0 ]
	[[ $output == *"Invalid account or account/partition combination specified"* ]]
}

@test "sbatch -p shared is refused: invalid partition" {
	run sbatch -A default -p shared --wrap true
	[ "$status" -ne 0 ]
	[[ $output == *"invalid partition specified: shared"* ]]
}

@test "a job over --mem=100M is killed: FAILED, exceeded memory limit" {
	id=$(submit -A default -p all -J dc-oom --mem=100M -o "$BATS_FILE_TMPDIR/%j.out" \
		--wrap '/usr/bin/python3 -c "import time; b = bytearray(400 * 1024 * 1024); time.sleep(30)"')
	run final_state "$id" 60
	[ "$status" -eq 0 ]
	[[ $output == FAILED || $output == OUT_OF_MEMORY ]]
	grep -q "exceeded memory limit" "$BATS_FILE_TMPDIR/$id.out"
}

@test "a 20-CPU / 40G job runs on the node" {
	# shellcheck disable=SC2016
	id=$(submit -A default -p all -J dc-big -c 20 --mem=40G -o "$BATS_FILE_TMPDIR/%j.out" --wrap 'echo "cpus=$SLURM_CPUS_ON_NODE"')
	run final_state "$id" 90
	[ "$status" -eq 0 ]
	[ "$output" = COMPLETED ]
	[ "$(cat "$BATS_FILE_TMPDIR/$id.out")" = cpus=20 ]
	run sacct_settles "$id" AllocCPUS,ReqMem "20|40G"
	[ "$status" -eq 0 ]
}

@test "dev-cluster.sh status: every daemon up with a live pid, exit 0" {
	run "$BATS_TEST_DIRNAME/../../scripts/dev-cluster.sh" status
	echo "$output"
	[ "$status" -eq 0 ]
	for d in munge mariadb slurmdbd slurmctld slurmd sshd; do
		pid=$(printf '%s\n' "$output" | awk -v d="$d" '$1 == d && $2 == "up" { print $4 }')
		[ -n "$pid" ] && [ -d "/proc/$pid" ]
	done
}

@test "a second up starts nothing, keeps every pid and writes cluster.dev.conf with cluster.conf's keys" {
	[ "$(id -u)" -eq 0 ] || skip "up needs root"
	local script=$BATS_TEST_DIRNAME/../../scripts/dev-cluster.sh before after proj=$BATS_TEST_TMPDIR/proj
	# daemon lines only: the node line moves between idle and mixed as other suites' jobs come and go
	before=$("$script" status | grep -v '^node')
	run env PROJECT_DIR="$proj" "$script" up
	echo "$output"
	[ "$status" -eq 0 ]
	[[ $output != *"started (pid"* ]]
	[[ $output != *"stopped (pid"* ]]
	after=$("$script" status | grep -v '^node')
	[ "$before" = "$after" ]
	want=$(sed -n 's/^\([A-Z_][A-Z_]*\)=.*/\1/p' "$BATS_TEST_DIRNAME/../../config/cluster.conf" | sort | tr '\n' ' ')
	got=$(sed -n 's/^\([A-Z_][A-Z_]*\)=.*/\1/p' "$proj/config/cluster.dev.conf" | sort | tr '\n' ' ')
	[ "$want" = "$got" ]
	grep -qx 'SLURM_HOST=slurm-dev' "$proj/config/cluster.dev.conf"
	grep -qx "SSH_CONFIG=$SSH_CFG" "$proj/config/cluster.dev.conf"
	grep -qx 'CONTAINER_RUNTIME=none' "$proj/config/cluster.dev.conf"
	remote=$(sed -n 's/^REMOTE_DIR=//p' "$proj/config/cluster.dev.conf")
	for d in data runs slurm/logs slurm/images; do [ -d "$remote/$d" ]; done
}
