using System.Text.Json;

namespace Serverless.Infra.Config;

/// <summary>Reads an environment's JSON file and checks what CloudFormation would only reject at deploy time.</summary>
public static partial class ConfigLoader
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly string[] Deployments = ["AllAtOnce", "Canary10Percent5Minutes", "Linear10PercentEvery1Minute"];

    /// <summary>Loads the file and makes the artifact paths absolute, relative to <paramref name="repoRoot"/>.</summary>
    public static PlatformConfig Load(string path, string repoRoot)
    {
        var config = JsonSerializer.Deserialize<PlatformConfig>(File.ReadAllText(path), Json)
            ?? throw new InvalidOperationException($"{path} is empty");
        Validate(config, path);
        return config with
        {
            Lambda = config.Lambda with
            {
                ApiArtifact = Path.GetFullPath(config.Lambda.ApiArtifact, repoRoot),
                WorkerArtifact = Path.GetFullPath(config.Lambda.WorkerArtifact, repoRoot),
            },
            Database = config.Database with
            {
                MigrationsArtifact = Path.GetFullPath(config.Database.MigrationsArtifact, repoRoot),
            },
        };
    }

    /// <summary>The directory holding cdk.json, found by walking up from <paramref name="start"/>.</summary>
    public static string FindRepoRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "cdk.json")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no cdk.json above {start}");
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z]{2,8}(-[a-z0-9]{1,8})*$")]
    private static partial System.Text.RegularExpressions.Regex LocaleTag();

    private static bool IsHttps(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;

    private static void Validate(PlatformConfig config, string path)
    {
        var problems = new List<string>();
        var regions = config.AllRegions.Select(r => r.Region).ToList();
        if (regions.Count != regions.Distinct().Count())
        {
            problems.Add("a region is listed twice");
        }
        if (config.AllRegions.Any(r => r.AvailabilityZones.Count < 2))
        {
            problems.Add("every region needs at least two availability zones (RDS subnet groups require it)");
        }
        if (config.Api.Tiers.Count == 0)
        {
            problems.Add("at least one tier (usage plan) is required");
        }
        if (!Deployments.Contains(config.Lambda.Deployment))
        {
            problems.Add($"lambda.deployment must be one of {string.Join(", ", Deployments)}");
        }
        if (config.Lambda.Architecture is not ("x86_64" or "arm64"))
        {
            problems.Add("lambda.architecture must be x86_64 or arm64");
        }
        if (config.Api.PublicRateLimit > config.Api.StageRateLimit || config.Api.PublicBurstLimit > config.Api.StageBurstLimit)
        {
            problems.Add("api.publicRateLimit and publicBurstLimit must not exceed the stage's limits");
        }
        var locales = config.Edge.Locales;
        if (locales.Supported.Count == 0 || !locales.Supported.All(l => LocaleTag().IsMatch(l)))
        {
            // The API accepts only lower-case tags (ContentRules.IsLocale); the edge must not send others.
            problems.Add("edge.locales.supported needs at least one lower-case language tag such as \"en\" or \"pt-br\"");
        }
        if (locales.Default is { } fallback && !locales.Supported.Contains(fallback))
        {
            problems.Add("edge.locales.default must be one of edge.locales.supported (or absent: each tenant's default)");
        }
        if (config.Edge.Waf.PublicRateLimitPer5Minutes < 10 || config.Edge.Waf.RateLimitPer5Minutes < 10)
        {
            problems.Add("edge.waf rate limits must be at least 10 (WAF's minimum)");
        }
        if (config.Edge.Domain is { } domain
            && (domain.CertificateArn is null) == (domain.HostedZoneId is null || domain.ZoneName is null))
        {
            problems.Add("edge.domain needs either certificateArn or hostedZoneId and zoneName");
        }
        if (config.Edge.Domain?.CertificateArn is { } arn && !arn.StartsWith("arn:aws:acm:us-east-1:", StringComparison.Ordinal))
        {
            problems.Add("edge.domain.certificateArn must be an ACM certificate in us-east-1 (CloudFront reads only those)");
        }
        // Without an authority the API would have nothing to check people's tokens against; the app refuses
        // to start on Lambda then, so refuse here first, at synth, with the setting's name.
        if (!IsHttps(config.Auth.Authority))
        {
            problems.Add("auth.authority (the OIDC issuer whose discovery document lists the token signing keys) must be an https URL");
        }
        if (config.Auth.SignInDomain is { Length: > 0 } signInDomain && !IsHttps(signInDomain))
        {
            problems.Add("auth.signInDomain (the issuer's hosted login domain) must be an https URL");
        }
        if (!IsHttps(config.Auth.Issuer))
        {
            problems.Add("auth.issuer must be an https URL");
        }
        if (string.IsNullOrWhiteSpace(config.Auth.Audience))
        {
            problems.Add("auth.audience is required");
        }
        if (string.IsNullOrWhiteSpace(config.Llm.Model) && !config.Llm.AllowOffline)
        {
            problems.Add("llm.model is required unless llm.allowOffline is true");
        }
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"{path}: {string.Join("; ", problems)}");
        }
    }

    /// <summary>
    /// The feature flags of cdk.json (<c>@aws-cdk/…</c>) as the CDK CLI passes them, so a synthesis in a
    /// test produces what <c>cdk synth</c> would.
    /// </summary>
    public static Dictionary<string, object> CdkFeatureFlags(string repoRoot)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(repoRoot, "cdk.json")));
        return doc.RootElement.GetProperty("context").EnumerateObject()
            .Where(p => p.Name.StartsWith("@aws-cdk/", StringComparison.Ordinal))
            .ToDictionary(p => p.Name, p => p.Value.ValueKind switch
            {
                System.Text.Json.JsonValueKind.True => (object)true,
                System.Text.Json.JsonValueKind.False => false,
                System.Text.Json.JsonValueKind.Array => p.Value.EnumerateArray().Select(e => e.GetString()!).ToArray(),
                _ => p.Value.ToString(),
            });
    }
}
