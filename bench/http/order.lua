-- wrk script of bench/http.sh: POSTs an order and counts answers that are not 200 with the expected output
-- (an engine answer must be a SUCCEEDED execution; both must carry an erpId).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"orderId":"A-1","customer":"acme gmbh","items":[{"sku":"X-1","qty":2,"price":19.5},' ..
           '{"sku":"Y-7","qty":1,"price":5},{"sku":"Z-3","qty":10,"price":0.25}]}'

local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0; first_bad = "" end
function response(status, headers, body)
  if status ~= 200 or not string.find(body, '"erpId":"ERP-', 1, true)
     or (string.find(body, '"status":', 1, true) and not string.find(body, '"status":"SUCCEEDED"', 1, true)) then
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
