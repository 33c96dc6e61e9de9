namespace Serverless.Bench.Runner;

/// <summary>One executable to measure; <see cref="Arguments"/> carries the dll when it runs on the JIT through dotnet.</summary>
internal sealed record Candidate(string Name, string Folder, string Command, string[] Arguments);
