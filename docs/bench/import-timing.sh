#!/usr/bin/env bash
# Ledger import speed (issue 16) against a running local stack: ./lawstats up, then this script.
# Prints a Markdown table: the gateway baseline (the same events as NDJSON) and the imports of a 10,000-row ledger.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
cp_file=$(mktemp)
./mvnw -q -o -pl services/aggregator dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
"$JAVA_HOME/bin/java" -cp "$(cat "$cp_file")" docs/bench/ImportTiming.java "${1:-http://localhost:8080}" "${2:-10000}"
rm -f "$cp_file"
