#!/usr/bin/env bash
# Load command for the signing service: a real console (with Elasticsearch and a durable audit
# log) in one JVM, wrk (Debian package) in a separate process sending SM2 sign requests over
# HTTP keep-alive. Usage: console/bench/sign-load.sh [seconds] [connections]
# Needs: the project built (mvn -B install -DskipTests), wrk installed.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_TO_RUN=${1:-20}
CONNECTIONS=${2:-32}
WORK=$(mktemp -d)
CP_FILE=$WORK/cp.txt
flock /tmp/citywall-mvn.lock mvn -B -q -o -pl console dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test >/dev/null
CP="console/target/test-classes:console/target/classes:$(cat "$CP_FILE")"
mkfifo "$WORK/in"
java -Xmx1g -Dcitywall.home="$PWD" -cp "$CP" org.citywall.console.bench.SigningServiceLoadServer "$WORK/data" "$WORK/info" <"$WORK/in" >"$WORK/server.log" 2>&1 &
SERVER=$!
exec 3>"$WORK/in"   # keeps the server's stdin open until we close it
trap 'exec 3>&-; wait $SERVER 2>/dev/null || true; [ -s "$WORK/info" ] || cat "$WORK/server.log"; rm -rf "$WORK"' EXIT
for _ in $(seq 1 120); do [ -s "$WORK/info" ] && break; sleep 1; done
URL=$(sed -n 's/^url=//p' "$WORK/info"); export CW_KEY=$(sed -n 's/^key=//p' "$WORK/info")
# warm-up (JIT), then the measured run
wrk -t2 -c"$CONNECTIONS" -d5s -s console/bench/sign.lua "$URL/api/v1/crypto/sign" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_TO_RUN}s" --latency -s console/bench/sign.lua "$URL/api/v1/crypto/sign"
exec 3>&-
wait $SERVER || true
tail -1 "$WORK/server.log"
