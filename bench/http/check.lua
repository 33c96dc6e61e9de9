-- wrk script of bench/http/run.sh for GETs: every response must have the status WANT_STATUS (default 200)
-- and, when WANT_BODY names a file, exactly that file's bytes. Prints "checked N wrong M" at the end; the
-- script fails the run when M is not 0. API_KEY, when set, is sent as x-api-key.
local threads = {}
function setup(thread) table.insert(threads, thread) end

function init(args)
    ok, wrong = 0, 0
    want_status = tonumber(os.getenv("WANT_STATUS") or "200")
    local path = os.getenv("WANT_BODY")
    if path and path ~= "" then
        local f = assert(io.open(path, "rb"))
        want_body = f:read("*a")
        f:close()
    end
    local key = os.getenv("API_KEY")
    if key and key ~= "" then wrk.headers["x-api-key"] = key end
end

function response(status, headers, body)
    if status == want_status and (want_body == nil or body == want_body) then ok = ok + 1 else wrong = wrong + 1 end
end

function done(summary, latency, requests)
    local o, w = 0, 0
    for _, t in ipairs(threads) do o = o + t:get("ok"); w = w + t:get("wrong") end
    io.write(string.format("checked %d wrong %d\n", o + w, w))
end
