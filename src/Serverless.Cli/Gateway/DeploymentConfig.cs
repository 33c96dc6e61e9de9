using System.Text.Json;

namespace Serverless.Cli.Gateway;

/// <summary>
/// What onboarding needs from an environment's infra/config/ENV.json (the file the stacks were built
/// from): its name, every region (primary first) and the tier names.
/// </summary>
public sealed record DeploymentConfig(string Environment, IReadOnlyList<string> Regions, IReadOnlyList<string> Tiers)
{
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static DeploymentConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"no configuration file {path}");
        }
        using var doc = JsonDocument.Parse(File.ReadAllText(path), Options);
        var root = doc.RootElement;
        var environment = root.GetProperty("environment").GetString() ?? throw new InvalidOperationException($"{path} names no environment");
        var regions = new[] { root.GetProperty("primary") }
            .Concat(root.TryGetProperty("secondaries", out var secondaries) ? secondaries.EnumerateArray() : [])
            .Select(r => r.GetProperty("region").GetString()!)
            .ToList();
        var tiers = root.GetProperty("api").GetProperty("tiers").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToList();
        return new DeploymentConfig(environment, regions, tiers);
    }

    /// <summary>The SSM parameter the App stack writes with a tier's usage plan id (ResourceNames.UsagePlanParameter).</summary>
    public string UsagePlanParameter(string tier) => $"/serverless/{Environment}/usage-plans/{tier}";
}
