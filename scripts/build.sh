#!/usr/bin/env bash
# Build target/slurm-runner.jar with Maven, only when it is missing or older than pom.xml or any file under src/.
# BUILD_QUIET=1: print nothing unless the build fails.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export LANG=C.UTF-8 LC_ALL=C.UTF-8
JAR=target/slurm-runner.jar

stale() {
	[ -f "$JAR" ] || return 0
	[ -n "$(find pom.xml src -newer "$JAR" -print 2>/dev/null | head -n 1)" ]
}

stale || exit 0

command -v mvn >/dev/null 2>&1 || {
	echo "build: mvn 이 필요합니다 (Maven 3.8+, Java 17: apt-get install maven / brew install maven)" >&2
	exit 1
}

# one build at a time (mkdir is atomic everywhere, flock is not on macOS)
mkdir -p target
LOCK=target/.build.lock
waited=0
until mkdir "$LOCK" 2>/dev/null; do
	if [ "$waited" -ge 600 ]; then
		echo "build: $ROOT/$LOCK held for 10 minutes; remove it if no build is running" >&2
		exit 1
	fi
	sleep 1
	waited=$((waited + 1))
done
trap 'rmdir "$LOCK" 2>/dev/null || true' EXIT

# another build may have finished while we waited
stale || exit 0
[ "${BUILD_QUIET:-}" = 1 ] || echo "build: mvn -B -q package -DskipTests" >&2
# Maven's output is shown only when it fails (Debian's Maven 3.8 prints stray ANSI resets even with -B -q)
log=target/.build.log
if ! mvn -B -q package -DskipTests >"$log" 2>&1; then
	sed "s/$(printf '\033')\[[0-9;]*m//g" "$log" >&2
	echo "build: mvn package failed (log: $ROOT/$log)" >&2
	exit 1
fi
[ -f "$JAR" ] || {
	echo "build: Maven finished but $JAR is missing" >&2
	exit 1
}
touch "$JAR"
[ "${BUILD_QUIET:-}" = 1 ] || echo "build: built $ROOT/$JAR" >&2
