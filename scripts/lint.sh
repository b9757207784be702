#!/usr/bin/env bash
# Lint: run shellcheck on every shell script of the repo (scripts/**/*.sh, bin/*, .ci/run, tests/**/*.bash).
# Exit 0 only if all pass. Bash 3.2 compatible (macOS): no mapfile, no globstar.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

command -v shellcheck >/dev/null 2>&1 || {
	echo "lint: shellcheck not found (apt-get install shellcheck / brew install shellcheck)" >&2
	exit 1
}

files=()
while IFS= read -r f; do
	files+=("$f")
done < <(
	{
		[ -d scripts ] && find scripts -type f -name '*.sh'
		[ -d tests ] && find tests -type f -name '*.bash'
		[ -f .ci/run ] && echo .ci/run
		if [ -d bin ]; then
			for f in bin/*; do
				# only shell scripts (a shebang naming sh or bash)
				[ -f "$f" ] && head -n 1 "$f" | grep -Eq '^#!.*(/|env )(ba)?sh' && echo "$f"
			done
		fi
	} | LC_ALL=C sort -u
)

if [ "${#files[@]}" -eq 0 ]; then
	echo "lint: no shell scripts found"
	exit 0
fi
echo "lint: shellcheck ${#files[@]} files"
if shellcheck -x "${files[@]}"; then
	echo "lint: ok"
else
	echo "lint: shellcheck reported problems" >&2
	exit 1
fi
