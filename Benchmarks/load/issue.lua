-- wrk script for scripts/load-bench: POSTs pre-signed WS-Trust Issue requests, each once.
--
-- POOL names a file of serialized SOAP 1.2 envelopes, each ended by the byte 0x1E
-- (tessera-bench rst-pool). Thread i of n sends requests i, i+n, i+2n, ...: none is sent
-- twice, since the STS refuses a replayed signature. A thread that runs out repeats its last
-- request (answered with a fault, counted apart). done() prints one line per figure, prefixed
-- "bench:", for the script to read.

local pool_file = os.getenv("POOL")
local threads = {}
local counter = 0

function setup(thread)
    thread:set("id", counter)
    counter = counter + 1
    table.insert(threads, thread)
end

function init(args)
    local total = tonumber(os.getenv("THREADS"))
    requests = {}
    local file = assert(io.open(pool_file, "rb"))
    local data = file:read("*a")
    file:close()
    local index = 0
    local start = 1
    while true do
        local stop = string.find(data, "\30", start, true)
        if not stop then break end
        if index % total == id then
            requests[#requests + 1] = string.sub(data, start, stop - 1)
        end
        index = index + 1
        start = stop + 1
    end
    next_request = 1
    ok = 0
    faults = 0
    other = 0
    exhausted = 0
    wrk.method = "POST"
    wrk.headers["Content-Type"] = 'application/soap+xml; charset=utf-8; action="http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue"'
end

function request()
    if next_request > #requests then
        exhausted = 1
        -- Nothing left to send once: repeat the last request; its fault is counted, not its token.
        return wrk.format(nil, nil, nil, requests[#requests])
    end
    local body = requests[next_request]
    next_request = next_request + 1
    return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
    if status == 200 then
        ok = ok + 1
    elseif status == 400 or status == 500 then
        faults = faults + 1
    else
        other = other + 1
    end
end

function done(summary, latency, requests)
    local ok_total, faults_total, other_total, exhausted_total = 0, 0, 0, 0
    for _, thread in ipairs(threads) do
        ok_total = ok_total + thread:get("ok")
        faults_total = faults_total + thread:get("faults")
        other_total = other_total + thread:get("other")
        exhausted_total = exhausted_total + thread:get("exhausted")
    end
    io.write(string.format("bench: duration_us %d\n", summary.duration))
    io.write(string.format("bench: requests %d\n", summary.requests))
    io.write(string.format("bench: ok %d\n", ok_total))
    io.write(string.format("bench: faults %d\n", faults_total))
    io.write(string.format("bench: other %d\n", other_total))
    io.write(string.format("bench: socket_errors %d\n", summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
    io.write(string.format("bench: pool_exhausted_threads %d\n", exhausted_total))
    io.write(string.format("bench: p50_us %d\n", latency:percentile(50)))
    io.write(string.format("bench: p90_us %d\n", latency:percentile(90)))
    io.write(string.format("bench: p99_us %d\n", latency:percentile(99)))
    io.write(string.format("bench: max_us %d\n", latency.max))
end
