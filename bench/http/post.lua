-- wrk script of bench/http/run.sh for POST /v1/content: a new draft with a unique slug per request
-- (RUN_ID-thread-n), API_KEY as x-api-key; every response must be 201 with an item. Prints
-- "checked N wrong M" at the end; the script fails the run when M is not 0.
local threads = {}
local next_thread = 0
function setup(thread)
    next_thread = next_thread + 1
    thread:set("tid", next_thread)
    table.insert(threads, thread)
end

function init(args)
    ok, wrong, n = 0, 0, 0
    prefix = os.getenv("RUN_ID") .. "-" .. tid
    headers = { ["content-type"] = "application/json", ["x-api-key"] = os.getenv("API_KEY") }
    body_text = string.rep("Lorem ipsum dolor sit amet. ", 20)
end

function request()
    n = n + 1
    local body = '{"type":"article","slug":"' .. prefix .. '-' .. n .. '","locale":"en","status":"draft",'
        .. '"title":"Written by the benchmark","body":"' .. body_text .. '","attributes":{"tags":["bench"]}}'
    return wrk.format("POST", "/v1/content", headers, body)
end

function response(status, headers, body)
    if status == 201 and string.sub(body, 1, 7) == '{"id":"' then ok = ok + 1 else wrong = wrong + 1 end
end

function done(summary, latency, requests)
    local o, w = 0, 0
    for _, t in ipairs(threads) do o = o + t:get("ok"); w = w + t:get("wrong") end
    io.write(string.format("checked %d wrong %d\n", o + w, w))
end
