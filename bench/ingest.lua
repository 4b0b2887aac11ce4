-- wrk script for bench/ingest: every request is a batch of 50 new responses (unique UUID v7
-- per response), as the canvassing page sends them.
local threads = {}
local next_thread = 0

function setup(thread)
  thread:set("thread_no", next_thread)
  next_thread = next_thread + 1
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  survey = os.getenv("SURVEY")
  version = os.getenv("VERSION")
  unit = os.getenv("UNIT")
  now = os.time()
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Cookie"] = os.getenv("COOKIE")
  wrk.headers["X-CSRF-Token"] = os.getenv("CSRF")
end

request = function()
  counter = counter + 1
  local items = {}
  for i = 1, 50 do
    local n = counter * 50 + i
    local id = string.format("01900000-0000-7000-8%03x-%012x", thread_no, n)
    items[i] = string.format(
      '{"id":"%s","survey_id":%s,"version":%s,"unit_id":%s,"channel":"door","collected_at":%d,' ..
      '"answers":{"top3":["housing","wages","health"],"trust":%d,"change":"Meer groen en betaalbare huizen",' ..
      '"age_band":"a25_34","gender":"woman","postcode":9000,"contact":"no"}}',
      id, survey, version, unit, now, n % 11)
  end
  return wrk.format("POST", "/api/v1/responses:batch", nil, '{"responses":[' .. table.concat(items, ",") .. ']}')
end

done = function(summary, latency, requests)
  io.write(string.format("BATCHES %d ERRORS %d P50_MS %.2f P99_MS %.2f\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
