-- Shared by the wrk scripts of bench/: counts the answers a script's ok(status, body) refuses (the first one kept
-- for the report) and prints one "BENCH key=value ..." line at the end, which the shell scripts parse.
-- A script sets `ok` and calls report.track(thread) from its setup (or uses report.setup).
local report = {}
local threads = {}

function report.track(thread)
  table.insert(threads, thread)
end

function report.setup(thread)
  report.track(thread)
end

function report.init()
  bad = 0; first_bad = ""
end

function report.response(status, body)
  if not ok(status, body) then
    bad = bad + 1
    if first_bad == "" then first_bad = status .. " " .. string.sub(body, 1, 200) end
  end
end

function report.done(summary, latency)
  local b, fb = 0, ""
  for _, t in ipairs(threads) do
    b = b + t:get("bad")
    if fb == "" then fb = t:get("first_bad") end
  end
  io.write(string.format("BENCH requests=%d duration_us=%d errors=%d bad=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout,
    b, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
  if fb ~= "" then io.write("BENCH first_bad=" .. fb .. "\n") end
end

return report
