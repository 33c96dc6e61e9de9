using System.Globalization;
using Serverless.Bench.Runner;

// Usage: Runner <artifacts dir> [runs]. Expects sample-aot/, sample-jit/, hello-aot/, hello-jit/ under it (bench/lambda/run.sh builds them).
var dir = args.Length > 0 ? args[0] : "artifacts/bench";
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
const string Event = """{"path":"/hello","httpMethod":"GET","multiValueHeaders":{"Host":["bench"]},"requestContext":{"stage":"prod","path":"/prod/hello","requestId":"bench","identity":{"sourceIp":"127.0.0.1"}}}""";

Candidate[] candidates =
[
    new("sample API, Native AOT", Path.Combine(dir, "sample-aot", "Serverless.Lambda.SampleApi"), []),
    new("hello world, Native AOT", Path.Combine(dir, "hello-aot", "Hello"), []),
    new("sample API, JIT", "dotnet", [Path.Combine(dir, "sample-jit", "Serverless.Lambda.SampleApi.dll")]),
    new("hello world, JIT", "dotnet", [Path.Combine(dir, "hello-jit", "Hello.dll")]),
];

// One warm-up each, so disk caches do not favour whichever runs second.
foreach (var candidate in candidates)
{
    await ColdStart.MeasureAsync(candidate, Event);
}

var results = new Dictionary<string, (double Median, double P90, double Rss, double Peak)>();
foreach (var candidate in candidates)
{
    var samples = new List<Measurement>();
    for (var i = 0; i < runs; i++)
    {
        samples.Add(await ColdStart.MeasureAsync(candidate, Event));
    }

    var times = samples.Select(s => s.FirstResponseMs).Order().ToArray();
    results[candidate.Name] = (
        times[times.Length / 2],
        times[(int)Math.Ceiling(times.Length * 0.9) - 1],
        samples.Select(s => (double)s.RssKb).Order().ElementAt(runs / 2) / 1024,
        samples.Select(s => (double)s.PeakRssKb).Order().ElementAt(runs / 2) / 1024);
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Cold start under the Runtime API emulator: process start -> first response posted; {runs} runs each, medians."));
Console.WriteLine();
Console.WriteLine("| executable | first response, median (ms) | p90 (ms) | RSS after it (MiB) | peak RSS (MiB) |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
foreach (var (name, r) in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {r.Median:F1} | {r.P90:F1} | {r.Rss:F1} | {r.Peak:F1} |"));
}

var sampleAot = results["sample API, Native AOT"];
var helloAot = results["hello world, Native AOT"];
var sampleJit = results["sample API, JIT"];
var helloJit = results["hello world, JIT"];
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sample / hello world (AOT): time x{sampleAot.Median / helloAot.Median:F2}, RSS x{sampleAot.Rss / helloAot.Rss:F2}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"JIT / AOT (sample API):     time x{sampleJit.Median / sampleAot.Median:F2}, RSS x{sampleJit.Rss / sampleAot.Rss:F2}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"JIT / AOT (hello world):    time x{helloJit.Median / helloAot.Median:F2}, RSS x{helloJit.Rss / helloAot.Rss:F2}"));
