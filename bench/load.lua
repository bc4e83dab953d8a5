-- wrk script for bench/run.py: one page, logged in, as a browser asks for it through the
-- TLS proxy in front (X-Forwarded-Proto: https). Configured by environment variables:
--   BENCH_PATH     the page's path
--   BENCH_COOKIE   the Cookie header (session, and CSRF for the answer save)
--   BENCH_ORIGIN   the Origin header for a POST (Django checks it on HTTPS requests)
--   BENCH_CSRF     the form's CSRF token; set only for the answer save, which then POSTs
--   BENCH_ANSWER   comma-separated dealbreaker ids: each request answers the next one,
--                  yes and no in turn, as checklist.js posts one tap
-- done() prints one JSON line: requests, duration, errors, responses that were not 200,
-- and the latency quantiles from 0.5% to 99.5% in steps of 0.5, in microseconds.

local path = os.getenv("BENCH_PATH")
local csrf = os.getenv("BENCH_CSRF")
-- Accept-Encoding as a browser sends it: compressing a response is part of its cost.
local headers = {
  ["Cookie"] = os.getenv("BENCH_COOKIE"),
  ["X-Forwarded-Proto"] = "https",
  ["Accept-Encoding"] = "gzip, deflate, br",
}
local ids = {}
if csrf then
  for id in string.gmatch(os.getenv("BENCH_ANSWER") or "", "[^,]+") do
    table.insert(ids, id)
  end
  headers["Accept"] = "application/json"
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  headers["Origin"] = os.getenv("BENCH_ORIGIN")
end

-- Each thread has its own Lua state: a table's address tells them apart, so that every
-- request carries its own idempotency key, as js/offline.js sends one per queued answer.
local key_prefix = string.gsub(tostring({}), "table: ", "")

-- Globals, not locals: done() runs in another Lua state and reads them with thread:get().
sent = 0
not_ok = 0

request = function()
  sent = sent + 1
  if not csrf then
    return wrk.format("GET", path, headers)
  end
  local id = ids[(sent % #ids) + 1]
  local value = (sent % 2 == 0) and "yes" or "no"
  -- answered_at in UTC, as the device would send it: "+" and ":" URL-encoded.
  local when = os.date("!%Y-%m-%dT%H%%3A%M%%3A%S%%2B00%%3A00")
  local body = "csrfmiddlewaretoken=" .. csrf
    .. "&answer_" .. id .. "=" .. value
    .. "&note_" .. id .. "="
    .. "&answered_at=" .. when
    .. "&client_key=wrk-" .. key_prefix .. "-" .. sent
  return wrk.format("POST", path, headers, body)
end

response = function(status, response_headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
  end
end

local threads = {}

setup = function(thread)
  table.insert(threads, thread)
end

done = function(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("not_ok")
  end
  local quantiles = {}
  for step = 1, 199 do
    table.insert(quantiles, string.format("%d", latency:percentile(step / 2)))
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "not_200": %d, "errors": '
      .. '{"connect": %d, "read": %d, "write": %d, "timeout": %d}, '
      .. '"min_us": %d, "max_us": %d, "quantiles_us": [%s]}\n',
    summary.requests, summary.duration, bad, e.connect, e.read, e.write, e.timeout,
    latency.min, latency.max, table.concat(quantiles, ", ")
  ))
end
