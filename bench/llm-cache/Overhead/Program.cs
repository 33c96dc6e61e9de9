// What the exact and semantic caches add to one LLM call, with the embedding taken out (its vectors are
// computed once in setup with the real model and then looked up), and what the budget adds, against the
// ./dev Redis and PostgreSQL:
//   bench/llm-cache/run.sh [BenchmarkDotNet arguments]     (Redis from Redis__Configuration, PostgreSQL from Database__Admin)
//   bench/llm-cache/run.sh --probe [calls] [path]          (round trips, statements, CPU and allocations per call: Probe.cs)
using System.Globalization;
using BenchmarkDotNet.Running;

if (args.Length > 0 && args[0] == "--probe")
{
    await Probe.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500, args.Length > 2 ? args[2] : null);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(CacheOverhead).Assembly).Run(args);
