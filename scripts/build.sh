#!/usr/bin/env bash
# Summary: build target/slurm-runner.jar (shaded), without running tests
# Usage: scripts/build.sh
set -o errexit -o nounset -o pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
export LANG=C.UTF-8 LC_ALL=C.UTF-8
command -v mvn >/dev/null 2>&1 || { echo "mvn 이 필요합니다 (Maven 3.8+, Java 17)" >&2; exit 1; }
mvn -B -q -f "$ROOT/pom.xml" -DskipTests package
echo "built $ROOT/target/slurm-runner.jar"
