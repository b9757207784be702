#!/usr/bin/env bash
# Lint: run shellcheck on every shell script of the repo (scripts/**/*.sh, bin/*, .ci/run, tests/**/*.bash).
# Sourced files are followed relative to each script's own directory (-x -P SCRIPTDIR); a directory's
# .shellcheckrc (e.g. scripts/slurm/.shellcheckrc) applies as usual. Test helpers (tests/**/*.bash) set globals
# that the .bats files read and read bats' own $status/$output, so SC2034/SC2154 are off for them only.
# Exit 0 only if all pass. Bash 3.2 compatible (macOS): no mapfile, no globstar.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

command -v shellcheck >/dev/null 2>&1 || {
	echo "lint: shellcheck not found (apt-get install shellcheck / brew install shellcheck)" >&2
	exit 1
}

scripts=()
while IFS= read -r f; do
	scripts+=("$f")
done < <(
	{
		[ -d scripts ] && find scripts -type f -name '*.sh'
		[ -f .ci/run ] && echo .ci/run
		if [ -d bin ]; then
			for f in bin/*; do
				# only shell scripts (a shebang naming sh or bash)
				[ -f "$f" ] && head -n 1 "$f" | grep -Eq '^#!.*(/|env )(ba)?sh' && echo "$f"
			done
		fi
	} | LC_ALL=C sort -u
)
helpers=()
while IFS= read -r f; do
	helpers+=("$f")
done < <([ -d tests ] && find tests -type f -name '*.bash' | LC_ALL=C sort)

echo "lint: shellcheck ${#scripts[@]} scripts, ${#helpers[@]} test helpers"
rc=0
if [ "${#scripts[@]}" -gt 0 ]; then
	shellcheck -x -P SCRIPTDIR "${scripts[@]}" || rc=1
fi
if [ "${#helpers[@]}" -gt 0 ]; then
	shellcheck -x -P SCRIPTDIR -s bash -e SC2034,SC2154 "${helpers[@]}" || rc=1
fi
if [ "$rc" -eq 0 ]; then
	echo "lint: ok"
else
	echo "lint: shellcheck reported problems" >&2
fi
exit "$rc"
