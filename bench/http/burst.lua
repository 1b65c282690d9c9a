-- wrk script of W2 (bench/http.sh via AsyncBurst): sends exactly COUNT starts (POST, no wait) of a flow, spread
-- over wrk's threads, and writes each answer's status and execution id to DIR/answers-<thread>.txt.
-- Arguments after `--`: COUNT THREADS DIR. A thread that has sent its share asks for /health until its last
-- start is answered, then stops (wrk cannot send a fixed number of requests by itself). A start that fails
-- without an answer (socket error) is never counted here: AsyncBurst stops wrk when no answer came for 10 s.
local threads = 0

function setup(thread)
  thread:set("thread_no", threads)
  threads = threads + 1
end

function init(args)
  quota = math.floor(tonumber(args[1]) / tonumber(args[2]))
  if thread_no == tonumber(args[2]) - 1 then quota = tonumber(args[1]) - quota * (tonumber(args[2]) - 1) end
  sent, answered = 0, 0
  -- wrk calls request() once on its first thread, right after init, only to check the request's shape
  -- (script_verify_request); that call sends nothing, so it must not count as a start
  verifying = thread_no == 0
  out = io.open(args[3] .. "/answers-" .. thread_no .. ".txt", "w")
  start = wrk.format("POST", nil, { ["Content-Type"] = "application/json" },
    '{"orderId":"W2","customer":"acme gmbh","items":[{"sku":"X-1","qty":2,"price":19.5}]}')
  health = wrk.format("GET", "/health")
end

function request()
  if verifying then
    verifying = false
    return start
  end
  if sent < quota then
    sent = sent + 1
    return start
  end
  return health
end

function response(status, headers, body)
  if status == 200 and string.find(body, '"UP"', 1, true) then
    return
  end
  answered = answered + 1
  out:write(status .. " " .. (string.match(body, '"id":"([^"]+)"') or "-") .. "\n")
  out:flush() -- AsyncBurst counts the lines as they come
  if answered >= quota then
    out:close()
    wrk.thread:stop()
  end
end
