namespace Serverless.Bench.Runner;

/// <summary>
/// One executable to measure; <see cref="Arguments"/> carries the dll when it runs on the JIT through dotnet.
/// It gets <see cref="Event"/> as its first invocation and must answer with something containing <see cref="Expect"/>;
/// <see cref="Environment"/> is added to (or, with a null value, removed from) the inherited environment;
/// <see cref="Tracing"/> marks the variant with OpenTelemetry tracing on.
/// </summary>
internal sealed record Candidate(
    string Name,
    string Folder,
    string Command,
    string[] Arguments,
    string Event,
    string Expect,
    IReadOnlyDictionary<string, string?> Environment,
    bool Tracing = false)
{
    /// <summary>What BENCH_ONLY names and the perf profile is called: the folder, with <c>-tracing</c> for tracing on.</summary>
    public string Key => System.IO.Path.GetFileName(Folder) + (Tracing ? "-tracing" : string.Empty);
}
