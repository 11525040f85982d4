-- wrk script for the write mix of benches/load.sh: 3 of 4 requests POST a new token
-- (unique name per thread), 1 of 4 PATCH the description of a token this thread created
-- earlier (each token at most once, so its final description is known). Every 2xx is
-- appended to $ACK_DIR/acked-<thread>.txt as `P <name>` or `U <id> <description>`;
-- benches/load/verify.py checks them after a restart.
-- Environment: TOKENS_PATH=/api/v1/tokensets/<ts>/modes/<mode>/tokens, API_TOKEN, ACK_DIR.

local counter = 0
local threads = {}

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end

function init(args)
  path = os.getenv("TOKENS_PATH")
  auth = "Bearer " .. os.getenv("API_TOKEN")
  ack = io.open(os.getenv("ACK_DIR") .. "/acked-" .. tid .. ".txt", "w")
  ack:setvbuf("line")
  n = 0
  pool = {}
  pending = {}
  acked = 0
  failed = 0
end

function request()
  n = n + 1
  local headers = { ["Authorization"] = auth, ["Content-Type"] = "application/json" }
  if n % 4 == 0 and #pool > 0 then
    local id = table.remove(pool)
    local body = string.format('{"description":"patched-%d-%d"}', tid, n)
    return wrk.format("PATCH", path .. "/" .. id, headers, body)
  end
  local body = string.format('{"name":"w.t%d.n%d","type":"dimension","value":"%dpx"}', tid, n, n % 500)
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  if status == 201 then
    local id = string.match(body, '"id":"([^"]+)"')
    local name = string.match(body, '"name":"([^"]+)"')
    ack:write("P ", name or "?", "\n")
    if id then table.insert(pool, id) end
    acked = acked + 1
  elseif status == 200 then
    local id = string.match(body, '"id":"([^"]+)"')
    local desc = string.match(body, '"description":"([^"]+)"')
    ack:write("U ", id or "?", " ", desc or "?", "\n")
    acked = acked + 1
  else
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local a, f = 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("acked")
    f = f + t:get("failed")
  end
  io.write(string.format("write-mix: %d acknowledged, %d refused (non-2xx)\n", a, f))
end
