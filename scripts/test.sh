#!/usr/bin/env bash
# make test: every test of the repo, against the real dev cluster.
#   0. scripts/setup.sh (installs what is missing as root on Debian/Ubuntu; elsewhere says what is missing)
#   1. dev cluster up (root: scripts/dev-cluster.sh up; otherwise its status must be all up)
#   2. scripts/lint.sh (shellcheck)
#   3. bats tests/toolkit (when it holds *.bats files)
#   4. mvn -B verify (surefire unit tests + failsafe ITs)
# Every part runs even when an earlier one failed. Ends with one summary line per part and a last line
# "N passed, N failed" summing bats and Maven test counts. Exit 0 only if every part passed.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 1
export LANG=C.UTF-8 LC_ALL=C.UTF-8
# tests call make themselves: let them see a top-level make, whether or not this runs under `make test`
unset MAKELEVEL MAKEFLAGS MFLAGS MAKEOVERRIDES

# TEST_BASH=/path/to/bash (docs/mac.md): this script, bats and every `#!/usr/bin/env bash` run under that bash
# (a `bash` link first on PATH); make recipes get it as SHELL through the exported TEST_BASH.
if [ -n "${TEST_BASH:-}" ]; then
	[ -x "$TEST_BASH" ] || { echo "test: TEST_BASH=$TEST_BASH is not an executable bash" >&2; exit 1; }
	if [ -z "${TEST_BASH_DIR:-}" ]; then
		TEST_BASH_DIR=$(mktemp -d "${TMPDIR:-/tmp}/test-bash.XXXXXX")
		ln -s "$TEST_BASH" "$TEST_BASH_DIR/bash"
		export TEST_BASH TEST_BASH_DIR PATH="$TEST_BASH_DIR:$PATH" SHELL="$TEST_BASH"
		exec "$TEST_BASH" "$ROOT/scripts/test.sh" "$@"
	fi
	echo "test: TEST_BASH=$TEST_BASH (bash $BASH_VERSION)"
fi

LOGDIR=$(mktemp -d "${TMPDIR:-/tmp}/slurm-runner-test.XXXXXX")
SUMMARY=()
RC=0
PASSED=0
FAILED=0

now() { date +%s; }
header() { printf '\n==== %s ====\n' "$*"; }

# record PART STATUS SECONDS DETAIL
record() {
	SUMMARY+=("$(printf '%-8s %-4s %4ss  %s' "$1" "$2" "$3" "$4")")
	[ "$2" = ok ] || RC=1
}

# ---- 0. what the machine needs
header "setup"
t=$(now)
if scripts/setup.sh; then
	record setup ok $(($(now) - t)) "scripts/setup.sh"
else
	record setup FAIL $(($(now) - t)) "scripts/setup.sh: see the missing tools above"
fi

# ---- 1. dev cluster
header "dev cluster"
t=$(now)
if [ "$(id -u)" -eq 0 ]; then
	if scripts/dev-cluster.sh up; then
		record cluster ok $(($(now) - t)) "scripts/dev-cluster.sh up"
	else
		record cluster FAIL $(($(now) - t)) "scripts/dev-cluster.sh up failed (logs under ${DEV_ROOT:-/var/lib/slurm-runner-dev}/log)"
	fi
else
	if scripts/dev-cluster.sh status; then
		record cluster ok $(($(now) - t)) "already up"
	else
		echo "the dev cluster is not up; as root run: sudo $ROOT/scripts/dev-cluster.sh up" >&2
		record cluster FAIL $(($(now) - t)) "not up: sudo scripts/dev-cluster.sh up"
	fi
fi

# ---- 2. shellcheck
header "lint (shellcheck)"
t=$(now)
if scripts/lint.sh; then
	record lint ok $(($(now) - t)) "shellcheck clean"
else
	record lint FAIL $(($(now) - t)) "shellcheck reported problems"
fi

# ---- 3. bats
header "bats tests/toolkit"
t=$(now)
if ls tests/toolkit/*.bats >/dev/null 2>&1; then
	if ! command -v bats >/dev/null 2>&1; then
		record bats FAIL 0 "bats not installed (apt-get install bats / brew install bats-core)"
	else
		bats --tap tests/toolkit 2>&1 | tee "$LOGDIR/bats.log"
		brc=${PIPESTATUS[0]}
		# TAP: "ok N name", "ok N name # skip ...", "not ok N name"
		bok=$(grep -Ec '^ok [0-9]+' "$LOGDIR/bats.log" || true)
		bskip=$(grep -Eci '^ok [0-9]+ .*# skip' "$LOGDIR/bats.log" || true)
		bfail=$(grep -Ec '^not ok [0-9]+' "$LOGDIR/bats.log" || true)
		bpass=$((bok - bskip))
		PASSED=$((PASSED + bpass))
		FAILED=$((FAILED + bfail))
		if [ "$brc" -eq 0 ] && [ "$bfail" -eq 0 ]; then
			record bats ok $(($(now) - t)) "$bpass passed, $bfail failed, $bskip skipped"
		else
			record bats FAIL $(($(now) - t)) "$bpass passed, $bfail failed, $bskip skipped (exit $brc)"
		fi
	fi
else
	record bats ok 0 "no tests/toolkit/*.bats"
fi

# ---- 4. Maven
header "mvn -B verify"
t=$(now)
if ! command -v mvn >/dev/null 2>&1; then
	record maven FAIL 0 "mvn not installed (apt-get install maven)"
else
	mvn -B verify 2>&1 | tee "$LOGDIR/maven.log"
	mrc=${PIPESTATUS[0]}
	# Surefire and failsafe each end with a totals line "Tests run: N, Failures: F, Errors: E, Skipped: S"
	# (the per-class lines carry ", Time elapsed" and are not counted).
	counts=$(sed "s/$(printf '\033')\[[0-9;]*m//g" "$LOGDIR/maven.log" |
		grep -E '^\[[A-Z]+\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+ *$' |
		awk -F'[^0-9]+' '{ run += $2; fail += $3; err += $4; skip += $5 }
			END { printf "%d %d %d", run - fail - err - skip, fail + err, skip }')
	read -r mpass mfail mskip <<<"${counts:-0 0 0}"
	PASSED=$((PASSED + mpass))
	FAILED=$((FAILED + mfail))
	if [ "$mrc" -eq 0 ]; then
		record maven ok $(($(now) - t)) "$mpass passed, $mfail failed, $mskip skipped"
	else
		record maven FAIL $(($(now) - t)) "$mpass passed, $mfail failed, $mskip skipped (mvn exit $mrc; log $LOGDIR/maven.log)"
	fi
fi

header "summary"
for line in "${SUMMARY[@]}"; do
	echo "$line"
done
echo "$PASSED passed, $FAILED failed"
exit "$RC"
