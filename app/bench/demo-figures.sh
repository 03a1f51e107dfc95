#!/usr/bin/env bash
# Figures for the embedded platform, as a user meets it:
#   - time from `bin/citywall demo` to ready (endpoints.json written), over RUNS fresh starts
#   - resident memory of each JVM once ready
#   - time from the last of five sshd lines sent with logger(1) to the brute-force alert being
#     searchable in Elasticsearch, over ALERTS bursts per start
# Usage: app/bench/demo-figures.sh [RUNS] [ALERTS]
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-3}
ALERTS=${2:-5}
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
READY=(); LAT=()
for run in $(seq 1 "$RUNS"); do
  dir=$(mktemp -d /tmp/citywall-figures-XXXX)
  t0=$(now_ms)
  bin/citywall demo --data-dir "$dir" --ports auto > "$dir/demo.out" 2>&1 &
  pid=$!
  until [ -f "$dir/endpoints.json" ]; do
    kill -0 $pid 2>/dev/null || { echo "demo exited:"; cat "$dir/demo.out"; exit 1; }
    sleep 0.1
  done
  t1=$(now_ms); READY+=($((t1 - t0)))
  echo "run $run: ready in $((t1 - t0)) ms"
  for p in $pid $(pgrep -P $pid); do
    printf '  rss %-8s %6d MB  %s\n' "$p" $(( $(awk '/VmRSS/ {print $2}' /proc/$p/status) / 1024 )) \
      "$(tr '\0' ' ' < /proc/$p/cmdline | grep -o 'ElasticsearchNodeMain\|KafkaBrokerMain\|org.citywall.app.Main' | head -1)"
  done
  es=$(sed 's/.*"elasticsearch":"\([^"]*\)".*/\1/' "$dir/endpoints.json")
  tcp=$(sed 's/.*"syslog_tcp":"\([^"]*\)".*/\1/' "$dir/endpoints.json")
  for a in $(seq 1 "$ALERTS"); do
    ip="203.0.113.$((run * 20 + a))"
    for i in 1 2 3 4 5; do
      logger -n "${tcp%:*}" -P "${tcp##*:}" -T --rfc3164 -t sshd -p auth.info "Failed password for root from $ip port 5000$i ssh2"
    done
    t2=$(now_ms)
    until curl -s "$es/citywall-alerts/_search?q=%22$ip%22" | grep -q "\"$ip\""; do sleep 0.02; done
    t3=$(now_ms); LAT+=($((t3 - t2)))
    echo "  alert for $ip searchable $((t3 - t2)) ms after the last line"
  done
  kill -TERM $pid; wait $pid || true
  rm -rf "$dir"
done
echo "ready: median $(printf '%s\n' "${READY[@]}" | median) ms over $RUNS starts (${READY[*]})"
echo "last line -> alert searchable: median $(printf '%s\n' "${LAT[@]}" | median) ms over ${#LAT[@]} bursts (${LAT[*]})"
