#!/usr/bin/env bash
# Load command for the signing service: a real console (with Elasticsearch and a durable audit
# log: every signature is fsynced on the trail before its answer) in one JVM, wrk (Debian package)
# in a separate process sending SM2 sign requests over HTTP keep-alive.
#
# Usage: flock /tmp/citywall-bench.lock console/bench/sign-load.sh [seconds] [connections ...]
#   e.g. console/bench/sign-load.sh 20 32 128   (defaults: 20 s, 32 and 128 connections)
# Environment: ROUNDS (default 1) repeats the connection counts, interleaved;
#   WARMUP (default 20) seconds of unmeasured load per connection count first (with 5 s, on a busy
#   machine, the first measured run still paid for JIT compilation: ~3x the CPU per signature);
#   MIRROR=1 also keeps the auditors' Elasticsearch copy of the trail up to date (every 2 s, as the
#   embedded runtime does), so es_cpu_us/sig shows what indexing every signature's record costs;
#   SIGN_LOAD_JAVA_OPTS adds JVM options (e.g. -XX:StartFlightRecording=filename=x.jfr);
#   SIGN_LOAD_CP replaces the server's classpath (to run a baseline build side by side).
# Needs: the project built (mvn -B install -DskipTests), wrk installed.
#
# Prints wrk's report and, per run, one line:
#   sign-load connections=N signatures/s=... p50_ms p90_ms p99_ms non2xx socket_errors
#   server_cpu_us/sig (the console JVM; "kernel": its system time) es_cpu_us/sig (its Elasticsearch child) wrk_cpu_us/sig
#   other_work_cores (CPU the rest of the machine took meanwhile, in cores of 2: other builds and
#   tests share this machine and the figures depend on it) loadavg_before/after (the benchmark's
#   own threads count in it)
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_TO_RUN=${1:-20}
shift || true
CONNECTION_COUNTS=("$@")
[ ${#CONNECTION_COUNTS[@]} -gt 0 ] || CONNECTION_COUNTS=(32 128)
ROUNDS=${ROUNDS:-1}
WARMUP=${WARMUP:-20}
WORK=$(mktemp -d)
if [ -n "${SIGN_LOAD_CP:-}" ]; then
  CP=$SIGN_LOAD_CP
else
  flock /tmp/citywall-mvn.lock mvn -B -q -o -pl console dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null
  CP="console/target/test-classes:console/target/classes:$(cat "$WORK/cp.txt")"
fi
mkfifo "$WORK/in"
# shellcheck disable=SC2086
MIRROR_OPT=""
[ "${MIRROR:-0}" = 1 ] && MIRROR_OPT="-Dcitywall.bench.mirror=true"
java -Xmx1g ${SIGN_LOAD_JAVA_OPTS:-} $MIRROR_OPT -Dcitywall.home="$PWD" -cp "$CP" org.citywall.console.bench.SigningServiceLoadServer "$WORK/data" "$WORK/info" <"$WORK/in" >"$WORK/server.log" 2>&1 &
SERVER=$!
exec 3>"$WORK/in"   # keeps the server's stdin open until we close it
trap 'exec 3>&-; wait $SERVER 2>/dev/null || true; [ -s "$WORK/info" ] || cat "$WORK/server.log"; rm -rf "$WORK"' EXIT
for _ in $(seq 1 180); do [ -s "$WORK/info" ] && break; sleep 1; done
URL=$(sed -n 's/^url=//p' "$WORK/info"); export CW_KEY=$(sed -n 's/^key=//p' "$WORK/info")
[ -n "$URL" ] || { echo "the server did not start"; exit 1; }
TICK=$(getconf CLK_TCK)

# CPU ticks (user + system) of a process
ticks() { [ -r "/proc/$1/stat" ] && awk '{print $14 + $15}' "/proc/$1/stat" || echo 0; }
# ... of which in the kernel (system time: sockets, fsync, futex wake-ups)
sys_ticks() { [ -r "/proc/$1/stat" ] && awk '{print $15}' "/proc/$1/stat" || echo 0; }
# busy CPU ticks of the whole machine (user, nice, system, irq, softirq, steal), to show what other work took
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
# ... of the server's children (the Elasticsearch node)
child_ticks() {
  local total=0 p
  for p in $(ps -o pid= --ppid "$SERVER"); do total=$((total + $(ticks "$p"))); done
  echo $total
}

run() { # connections seconds -> wrk report on stdout; wrk's user and system CPU seconds in wrk.time
  local TIMEFORMAT='%U %S'
  { time wrk -t2 -c"$1" -d"$2s" --latency -s console/bench/sign.lua "$URL/api/v1/crypto/sign" ; } 2>"$WORK/wrk.time"
}

TOTAL=0
# warm-up (JIT, connection pools) at every connection count before anything is measured
for c in "${CONNECTION_COUNTS[@]}"; do
  run "$c" "$WARMUP" >"$WORK/warm.txt"
  WARM=$(sed -n 's/^wrk-summary requests=\([0-9]*\).*/\1/p' "$WORK/warm.txt")
  TOTAL=$((TOTAL + WARM))
done
for round in $(seq 1 "$ROUNDS"); do
  for c in "${CONNECTION_COUNTS[@]}"; do
    LOAD_BEFORE=$(cut -d' ' -f1 /proc/loadavg)
    T0=$(ticks $SERVER); K0=$(sys_ticks $SERVER); E0=$(child_ticks); M0=$(machine_ticks)
    run "$c" "$SECONDS_TO_RUN" | tee "$WORK/run.txt" | grep -v '^wrk-summary'
    T1=$(ticks $SERVER); K1=$(sys_ticks $SERVER); E1=$(child_ticks); M1=$(machine_ticks)
    LOAD_AFTER=$(cut -d' ' -f1 /proc/loadavg)
    read -r WU WS < <(tail -1 "$WORK/wrk.time")
    S=$(grep '^wrk-summary' "$WORK/run.txt")
    field() { echo "$S" | sed -n "s/.* $1=\([0-9]*\).*/\1/p"; }
    N=$(field requests); D=$(field duration_us)
    TOTAL=$((TOTAL + N))
    awk -v c="$c" -v n="$N" -v d="$D" -v p50="$(field p50_us)" -v p90="$(field p90_us)" -v p99="$(field p99_us)" \
        -v non2xx="$(field non2xx)" -v serr="$(field socket_errors)" -v st="$((T1 - T0))" -v kt="$((K1 - K0))" -v et="$((E1 - E0))" -v mt="$((M1 - M0))" -v tick="$TICK" \
        -v wu="$WU" -v ws="$WS" -v lb="$LOAD_BEFORE" -v la="$LOAD_AFTER" -v r="$round" 'BEGIN {
      printf "sign-load round=%d connections=%d signatures/s=%.0f p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f non2xx=%d socket_errors=%d server_cpu_us/sig=%.0f (kernel %.0f) es_cpu_us/sig=%.0f wrk_cpu_us/sig=%.0f other_work_cores=%.2f loadavg_before=%s loadavg_after=%s\n",
        r, c, n / (d / 1e6), p50 / 1000, p90 / 1000, p99 / 1000, non2xx, serr, st / tick * 1e6 / n, kt / tick * 1e6 / n, et / tick * 1e6 / n, (wu + ws) * 1e6 / n, (mt - st - et) / tick / (d / 1e6) - (wu + ws) / (d / 1e6), lb, la }'
  done
done
exec 3>&-
wait $SERVER || true
RECORDS=$(sed -n 's/^audit records: \([0-9]*\).*/\1/p' "$WORK/server.log")
MIRRORED=$(sed -n 's/^audit records: .* mirrored: \([0-9]*\).*/ mirrored_to_elasticsearch=\1/p' "$WORK/server.log")
echo "sign-load requests_sent=$TOTAL audit_records=$RECORDS$MIRRORED (every signature and the console's own records are on the trail)"
