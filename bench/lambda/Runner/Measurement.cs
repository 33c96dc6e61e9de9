namespace Serverless.Bench.Runner;

/// <summary>One cold start: process start to first response, and memory once it has answered.</summary>
internal sealed record Measurement(double FirstResponseMs, long RssKb, long PeakRssKb);
