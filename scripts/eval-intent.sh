#!/usr/bin/env bash
# Summary: measure how messages are understood (rules + bank classifier, no LLM unless LLM_* is set).
# Usage: scripts/eval-intent.sh   (make eval-intent)
# Prints per action: accuracy, share asked instead of acting, confusion pairs — for (a) cross-validation over the
# example bank, (b) the held-out sets, (c) the safety set (must be 0 misses). The report is target/intent-eval.txt.
# Exit non-zero when a safety row is missed or parsing is slower than 2 ms per message. Bash 3.2 compatible.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export LANG=C.UTF-8
mkdir -p target
rm -f target/intent-eval.txt
status=0
# the unit eval (no model), then the same harness with the LangChain4j parser against recorded answers (WireMock)
# and, when LLM_* is set, against the real provider
mvn -B -q verify -Deval.timing=true -Dtest=IntentEvalTest -Dit.test=LlmEvalIT -Dsurefire.failIfNoSpecifiedTests=false \
	-Dfailsafe.failIfNoSpecifiedTests=false >target/intent-eval.log 2>&1 || status=$?
if [ -f target/intent-eval.txt ]; then
	cat target/intent-eval.txt
fi
if [ "$status" -ne 0 ]; then
	echo "eval-intent: failed (exit $status); the end of target/intent-eval.log:" >&2
	tail -40 target/intent-eval.log >&2
fi
exit "$status"
