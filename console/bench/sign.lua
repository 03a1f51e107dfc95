-- wrk script: SM2 signatures through POST /api/v1/crypto/sign with an application key.
-- No response() callback: wrk then skips collecting bodies, and summary.errors.status still
-- counts every answer that is not 2xx/3xx.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("CW_KEY")
wrk.body = '{"key":"load-sign","message":"aW52b2ljZSBudW1iZXIgNDIgZm9yIDEwMDAgeXVhbg=="}'

-- one machine-readable line for console/bench/sign-load.sh
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("wrk-summary requests=%d duration_us=%d non2xx=%d socket_errors=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
