-- wrk script of bench/hooks.sh: each thread POSTs the pre-signed deliveries of its own file, one per request,
-- and counts answers that are not 200 {"received":true} without "duplicate" (a duplicate means the file ran out).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local report = dofile(here .. "report.lua")
DIR = os.getenv("HOOK_DIR")
local counter = 0
function setup(thread)
  thread:set("file", DIR .. "/deliveries-" .. counter .. ".txt")
  counter = counter + 1
  report.track(thread)
end
function init(args)
  report.init(); lines = {}; n = 0
  for line in io.lines(file) do table.insert(lines, line) end
end
function request()
  n = n + 1
  local id, ts, sig, body = string.match(lines[(n - 1) % #lines + 1], "([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)")
  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["webhook-id"] = id,
    ["webhook-timestamp"] = ts, ["webhook-signature"] = sig}, body)
end
function ok(status, body)
  return status == 200 and string.find(body, '"received":true', 1, true) and not string.find(body, '"duplicate"', 1, true)
end
function response(status, headers, body) report.response(status, body) end
function done(summary, latency, requests) report.done(summary, latency) end
