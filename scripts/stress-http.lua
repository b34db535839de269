-- wrk script for scripts/stress-http.sh. Environment: O2C_TOKEN (bearer token), O2C_METHOD
-- (GET or POST), O2C_PATH, O2C_BODY (POST body). A POST carries an Idempotency-Key unique per
-- request (thread number and counter). At the end it prints one JSON line with the figures.
local threads = {}
local method = os.getenv("O2C_METHOD") or "GET"
local path = os.getenv("O2C_PATH") or "/healthz"
local body = os.getenv("O2C_BODY")
local run = os.getenv("O2C_RUN") or "0"

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  non2xx = 0
  wrk.headers["Authorization"] = "Bearer " .. (os.getenv("O2C_TOKEN") or "")
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  if method == "POST" then
    wrk.headers["Idempotency-Key"] = "wrk-" .. run .. "-" .. id .. "-" .. counter
  end
  return wrk.format(method, path, nil, body)
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if non2xx == 1 then io.stderr:write("first non-2xx: " .. status .. " " .. body .. "\n") end
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + (t:get("non2xx") or 0) end
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"seconds":%.2f,"requests_per_second":%.1f,"p50_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f,"non_2xx":%d,"socket_errors":%d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, bad,
    e.connect + e.read + e.write + e.timeout))
end
