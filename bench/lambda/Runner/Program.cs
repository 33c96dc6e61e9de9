using System.Globalization;
using Serverless.Bench.Runner;

// Usage: Runner <artifacts dir> [runs]. Measures whichever of hello-aot/, sample-aot/, api-aot/, worker-aot/,
// hello-jit/, sample-jit/, api-jit/ exist under it (bench/lambda/run.sh publishes them). The real API and
// worker need the local PostgreSQL and Redis of ./dev (run.sh starts them and exports where they listen).
var dir = Path.GetFullPath(args.Length > 0 ? args[0] : "artifacts/bench");
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
const string Hello = """{"path":"/hello","httpMethod":"GET","multiValueHeaders":{"Host":["bench"]},"requestContext":{"stage":"prod","path":"/prod/hello","requestId":"bench","identity":{"sourceIp":"127.0.0.1"}}}""";
const string Health = """{"path":"/health/live","httpMethod":"GET","multiValueHeaders":{"Host":["bench"]},"requestContext":{"stage":"prod","path":"/prod/health/live","requestId":"bench","identity":{"sourceIp":"127.0.0.1"}}}""";
const string EmptyBatch = """{"Records":[]}""";
var none = new Dictionary<string, string?>();
// As deployed (AWS_LAMBDA_RUNTIME_API set means "deployed" to the API): no symmetric JWT key, an OIDC
// authority (only contacted when a token arrives), the local services' addresses from the environment.
var deployed = new Dictionary<string, string?>
{
    ["AWS_REGION"] = "eu-west-1",
    ["DOTNET_ENVIRONMENT"] = "Production",
    ["Jwt__SigningKey"] = null,
    ["Jwt__Authority"] = "https://127.0.0.1:9/bench-issuer",
    ["Region__ConsistencyKey"] = "YmVuY2gtY29uc2lzdGVuY3kta2V5LW5vdC1hLXNlY3JldC0wMDAwMDAwMDAwMDA=",
    ["SecretsAtRest__Key"] = "YmVuY2gtc2VjcmV0cy1rZXktbm90LWEtc2VjcmV0LTAwMDAwMDAwMDAwMDAwMDA=",
};

// The worker as deployed asks a real model (it refuses to start on the offline one): an OpenAI-compatible
// provider on a loopback port where nothing listens. An empty batch never calls it.
var deployedWorker = new Dictionary<string, string?>(deployed)
{
    ["Llm__Providers__0__Name"] = "bench",
    ["Llm__Providers__0__Kind"] = "openai",
    ["Llm__Providers__0__BaseUrl"] = "http://127.0.0.1:9/v1",
    ["Llm__Providers__0__Model"] = "bench-model",
    ["Llm__Providers__0__ApiKey"] = "sk-bench",
};

// Tracing on, exporting to a loopback port where nothing listens (refused at once): the cost of the
// SDK, the instrumentation and the end-of-invocation flush, without a backend's latency.
var tracingOn = new Dictionary<string, string?>(deployed) { ["Telemetry__OtlpEndpoint"] = "http://127.0.0.1:9" };
var workerTracingOn = new Dictionary<string, string?>(deployedWorker) { ["Telemetry__OtlpEndpoint"] = "http://127.0.0.1:9" };

Candidate[] all =
[
    Native("hello world, Native AOT", "hello-aot", "Hello", Hello, "hello", none),
    Native("sample API, Native AOT", "sample-aot", "Serverless.Lambda.SampleApi", Hello, "hello", none),
    Native("real API, Native AOT", "api-aot", "Serverless.Api", Health, "\"statusCode\":200", deployed),
    // A copy of an earlier build of the API, put there by hand: before and after in one interleaved run.
    Native("real API, Native AOT, baseline", "api-aot-baseline", "Serverless.Api", Health, "\"statusCode\":200", deployed),
    Native("real worker, Native AOT", "worker-aot", "Serverless.Worker", EmptyBatch, "batchItemFailures", deployedWorker),
    Native("real API, Native AOT, tracing on", "api-aot", "Serverless.Api", Health, "\"statusCode\":200", tracingOn) with { Tracing = true },
    Native("real worker, Native AOT, tracing on", "worker-aot", "Serverless.Worker", EmptyBatch, "batchItemFailures", workerTracingOn) with { Tracing = true },
    Jit("hello world, JIT", "hello-jit", "Hello", Hello, "hello", none),
    Jit("sample API, JIT", "sample-jit", "Serverless.Lambda.SampleApi", Hello, "hello", none),
    Jit("real API, JIT", "api-jit", "Serverless.Api", Health, "\"statusCode\":200", deployed),
];
// BENCH_ONLY=sample-aot,api-aot measures only those (a folder's name; api-aot-tracing for the API with tracing on).
// run.sh passes it on empty when unset: empty means every candidate, not none.
var only = Environment.GetEnvironmentVariable("BENCH_ONLY") is { Length: > 0 } named
    ? named.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
    : null;
var candidates = all.Where(c => Directory.Exists(c.Folder) && (only is null || only.Contains(c.Key))).ToArray();
var loadBefore = LoadAverage();

// One warm-up each, so disk caches do not favour whichever runs second.
foreach (var candidate in candidates)
{
    await ColdStart.MeasureAsync(candidate);
}

// Interleaved (one of each, then again), so a change in machine load hits every candidate alike.
var samples = candidates.ToDictionary(c => c.Name, _ => new List<Measurement>());
for (var i = 0; i < runs; i++)
{
    foreach (var candidate in candidates)
    {
        samples[candidate.Name].Add(await ColdStart.MeasureAsync(candidate));
    }
}

var results = new Dictionary<string, (double Median, double P90, double Cpu, double Rss, double Peak)>();
foreach (var (name, measured) in samples)
{
    var times = measured.Select(s => s.FirstResponseMs).Order().ToArray();
    results[name] = (
        times[times.Length / 2],
        times[(int)Math.Ceiling(times.Length * 0.9) - 1],
        measured.Select(s => s.CpuMs).Order().ElementAt(runs / 2),
        measured.Select(s => (double)s.RssKb).Order().ElementAt(runs / 2) / 1024,
        measured.Select(s => (double)s.PeakRssKb).Order().ElementAt(runs / 2) / 1024);
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Cold start under the Runtime API emulator: process start -> first response posted; {runs} interleaved runs each, medians; load average {loadBefore} before, {LoadAverage()} after."));
Console.WriteLine();
Console.WriteLine("| executable | first response, median (ms) | p90 (ms) | CPU used by then, median (ms) | RSS after it (MiB) | peak RSS (MiB) |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
foreach (var (name, r) in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {r.Median:F1} | {r.P90:F1} | {r.Cpu:F1} | {r.Rss:F1} | {r.Peak:F1} |"));
}

Console.WriteLine();
Ratio("sample API / hello world (AOT)", "sample API, Native AOT", "hello world, Native AOT");
Ratio("real API / sample API (AOT)  ", "real API, Native AOT", "sample API, Native AOT");
Ratio("real API / hello world (AOT) ", "real API, Native AOT", "hello world, Native AOT");
Ratio("real API / baseline (AOT)    ", "real API, Native AOT", "real API, Native AOT, baseline");
Ratio("baseline / sample API (AOT)  ", "real API, Native AOT, baseline", "sample API, Native AOT");
Ratio("real worker / hello (AOT)    ", "real worker, Native AOT", "hello world, Native AOT");
Ratio("real worker / sample (AOT)   ", "real worker, Native AOT", "sample API, Native AOT");
Ratio("JIT / AOT (hello world)      ", "hello world, JIT", "hello world, Native AOT");
Ratio("JIT / AOT (sample API)       ", "sample API, JIT", "sample API, Native AOT");
Ratio("JIT / AOT (real API)         ", "real API, JIT", "real API, Native AOT");
Ratio("API tracing on / off (AOT)   ", "real API, Native AOT, tracing on", "real API, Native AOT");
Ratio("worker tracing on / off (AOT)", "real worker, Native AOT, tracing on", "real worker, Native AOT");

// Where the time goes: one more start of each executable on the hosting stack, with the adapter's start-up trace on.
foreach (var candidate in candidates.Where(c => !c.Name.StartsWith("hello", StringComparison.Ordinal)))
{
    var traced = candidate with { Environment = new Dictionary<string, string?>(candidate.Environment) { ["LAMBDA_STARTUP_TRACE"] = "1" } };
    var measured = await ColdStart.MeasureAsync(traced);
    if (Environment.GetEnvironmentVariable("BENCH_PERF") is { Length: > 0 } perfDir)
    {
        // A CPU profile of one more start (perf report -i <file>); its timings are perf's, not the function's.
        // One file per candidate: the API with tracing on shares its folder with the API without.
        // BENCH_PERF_RUNS=N records N starts (<key>.perf.data, then <key>.2.perf.data ...): one start is a few
        // hundred samples, too few to split by phase; bench/lambda/perf-phases.py adds them up.
        Directory.CreateDirectory(perfDir);
        var perfRuns = int.TryParse(Environment.GetEnvironmentVariable("BENCH_PERF_RUNS"), CultureInfo.InvariantCulture, out var n) && n > 1 ? n : 1;
        for (var i = 1; i <= perfRuns; i++)
        {
            var data = Path.Combine(Path.GetFullPath(perfDir), candidate.Key + (i == 1 ? "" : "." + i.ToString(CultureInfo.InvariantCulture)) + ".perf.data");
            await ColdStart.MeasureAsync(traced with { Command = "perf", Arguments = ["record", "-q", "-F", "4999", "-g", "-o", data, "--", candidate.Command, .. candidate.Arguments] });
            Console.WriteLine($"perf profile: {data}");
        }
    }

    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Start-up trace, {candidate.Name} (this run: first response {measured.FirstResponseMs:F1} ms, CPU {measured.CpuMs:F1} ms):"));
    foreach (var line in ColdStart.Trace.Split('\n').Where(l => l.StartsWith("startup-trace ", StringComparison.Ordinal)))
    {
        Console.WriteLine("  " + line["startup-trace ".Length..].TrimEnd());
    }
}

void Ratio(string label, string over, string under)
{
    if (results.TryGetValue(over, out var a) && results.TryGetValue(under, out var b))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: wall x{a.Median / b.Median:F2}, CPU x{a.Cpu / b.Cpu:F2}, RSS x{a.Rss / b.Rss:F2}"));
    }
}

// A package from scripts/package-lambda.sh has its executable renamed to bootstrap, as Lambda starts it.
Candidate Native(string name, string folder, string executable, string payload, string expect, Dictionary<string, string?> environment) =>
    new(name, Folder(folder), File.Exists(Path.Combine(Folder(folder), "bootstrap")) ? Path.Combine(Folder(folder), "bootstrap") : Path.Combine(Folder(folder), executable), [], payload, expect, environment);

Candidate Jit(string name, string folder, string assembly, string payload, string expect, Dictionary<string, string?> environment) =>
    new(name, Folder(folder), "dotnet", [Path.Combine(Folder(folder), assembly + ".dll")], payload, expect, environment);

string Folder(string name) => Path.Combine(dir, name);

static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
