-- wrk script of bench/http.sh: POSTs an order and counts answers that are not 200 with the expected output
-- (an engine answer must be a SUCCEEDED execution; both must carry an erpId).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local report = dofile(here .. "report.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"orderId":"A-1","customer":"acme gmbh","items":[{"sku":"X-1","qty":2,"price":19.5},' ..
           '{"sku":"Y-7","qty":1,"price":5},{"sku":"Z-3","qty":10,"price":0.25}]}'

function ok(status, body)
  return status == 200 and string.find(body, '"erpId":"ERP-', 1, true)
     and (not string.find(body, '"status":', 1, true) or string.find(body, '"status":"SUCCEEDED"', 1, true))
end
setup = report.setup
init = report.init
function response(status, headers, body) report.response(status, body) end
function done(summary, latency, requests) report.done(summary, latency) end
