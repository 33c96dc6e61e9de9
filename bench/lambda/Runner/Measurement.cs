namespace Serverless.Bench.Runner;

/// <summary>
/// One cold start: process start to first response (wall clock), the CPU the process had used by then
/// (all live threads, from /proc schedstat: far less sensitive to a busy machine), and memory.
/// </summary>
internal sealed record Measurement(double FirstResponseMs, double CpuMs, long RssKb, long PeakRssKb);
