namespace Serverless.Infra.Tests.Support;

/// <summary>
/// Both shipped configurations, synthesized once for the whole run: production (three regions, a
/// latency-routed read origin, canary deployments) and staging (two regions, the smallest setup).
/// </summary>
public sealed class Platforms : IDisposable
{
    public SynthesizedEnvironment Production { get; } = new("production.json");
    public SynthesizedEnvironment Staging { get; } = new("staging.json");

    public IEnumerable<SynthesizedEnvironment> Both => [Production, Staging];

    public void Dispose()
    {
        foreach (var env in Both)
        {
            Directory.Delete(env.OutputDirectory, recursive: true);
        }
    }
}
