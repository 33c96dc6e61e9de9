using System.Globalization;
using Serverless.Bench.Runner;

// Usage: Runner <artifacts dir> [runs]. Expects sample-aot/, sample-jit/, hello-aot/, hello-jit/ under it (bench/lambda/run.sh builds them).
var dir = Path.GetFullPath(args.Length > 0 ? args[0] : "artifacts/bench");
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
const string Event = """{"path":"/hello","httpMethod":"GET","multiValueHeaders":{"Host":["bench"]},"requestContext":{"stage":"prod","path":"/prod/hello","requestId":"bench","identity":{"sourceIp":"127.0.0.1"}}}""";

Candidate[] candidates =
[
    new("sample API, Native AOT", Folder("sample-aot"), Path.Combine(Folder("sample-aot"), "Serverless.Lambda.SampleApi"), []),
    new("hello world, Native AOT", Folder("hello-aot"), Path.Combine(Folder("hello-aot"), "Hello"), []),
    new("sample API, JIT", Folder("sample-jit"), "dotnet", [Path.Combine(Folder("sample-jit"), "Serverless.Lambda.SampleApi.dll")]),
    new("hello world, JIT", Folder("hello-jit"), "dotnet", [Path.Combine(Folder("hello-jit"), "Hello.dll")]),
];

// One warm-up each, so disk caches do not favour whichever runs second.
foreach (var candidate in candidates)
{
    await ColdStart.MeasureAsync(candidate, Event);
}

// Interleaved (one of each, then again), so a change in machine load hits every candidate alike.
var samples = candidates.ToDictionary(c => c.Name, _ => new List<Measurement>());
for (var i = 0; i < runs; i++)
{
    foreach (var candidate in candidates)
    {
        samples[candidate.Name].Add(await ColdStart.MeasureAsync(candidate, Event));
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

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Cold start under the Runtime API emulator: process start -> first response posted; {runs} interleaved runs each, medians; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}."));
Console.WriteLine();
Console.WriteLine("| executable | first response, median (ms) | p90 (ms) | CPU used by then, median (ms) | RSS after it (MiB) | peak RSS (MiB) |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
foreach (var (name, r) in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {r.Median:F1} | {r.P90:F1} | {r.Cpu:F1} | {r.Rss:F1} | {r.Peak:F1} |"));
}

var sampleAot = results["sample API, Native AOT"];
var helloAot = results["hello world, Native AOT"];
var sampleJit = results["sample API, JIT"];
var helloJit = results["hello world, JIT"];
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sample / hello world (AOT): time x{sampleAot.Median / helloAot.Median:F2}, CPU x{sampleAot.Cpu / helloAot.Cpu:F2}, RSS x{sampleAot.Rss / helloAot.Rss:F2}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"JIT / AOT (sample API):     time x{sampleJit.Median / sampleAot.Median:F2}, CPU x{sampleJit.Cpu / sampleAot.Cpu:F2}, RSS x{sampleJit.Rss / sampleAot.Rss:F2}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"JIT / AOT (hello world):    time x{helloJit.Median / helloAot.Median:F2}, CPU x{helloJit.Cpu / helloAot.Cpu:F2}, RSS x{helloJit.Rss / helloAot.Rss:F2}"));

string Folder(string name) => Path.Combine(dir, name);
