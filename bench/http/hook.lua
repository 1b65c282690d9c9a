-- wrk script of bench/hooks.sh: each thread POSTs the pre-signed deliveries of its own file, one per request,
-- and counts answers that are not 200 {"received":true} without "duplicate" (a duplicate means the file ran out).
DIR = os.getenv("HOOK_DIR")
local threads = {}
local counter = 0
function setup(thread)
  thread:set("file", DIR .. "/deliveries-" .. counter .. ".txt")
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  bad = 0; first_bad = ""; lines = {}; n = 0
  for line in io.lines(file) do table.insert(lines, line) end
end
function request()
  n = n + 1
  local id, ts, sig, body = string.match(lines[(n - 1) % #lines + 1], "([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)")
  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["webhook-id"] = id,
    ["webhook-timestamp"] = ts, ["webhook-signature"] = sig}, body)
end
function response(status, headers, body)
  if status ~= 200 or not string.find(body, '"received":true', 1, true) or string.find(body, '"duplicate"', 1, true) then
    bad = bad + 1
    if first_bad == "" then first_bad = status .. " " .. string.sub(body, 1, 200) end
  end
end
function done(summary, latency, requests)
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
