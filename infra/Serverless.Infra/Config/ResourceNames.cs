namespace Serverless.Infra.Config;

/// <summary>
/// The few names the platform fixes itself. Everything else is named by CloudFormation. These are
/// contracts with code outside the stacks: secret names appear in SSM reference paths and replicate
/// to other regions under the same name; parameter paths are read by the onboarding flow.
/// </summary>
public static class ResourceNames
{
    public static string Stack(PlatformConfig config, string kind, string region) =>
        $"Serverless-{config.Environment}-{kind}-{region}";

    /// <summary>A stack that exists once per environment (it lives in the primary region).</summary>
    public static string Stack(PlatformConfig config, string kind) => $"Serverless-{config.Environment}-{kind}";

    public static string OwnerSecret(PlatformConfig config) => $"serverless/{config.Environment}/db-owner";

    public static string AppSecret(PlatformConfig config) => $"serverless/{config.Environment}/db-app";

    public static string CacheSecret(PlatformConfig config) => $"serverless/{config.Environment}/cache-auth";

    /// <summary>The HMAC key of read-your-writes consistency tokens: one key for every region, so a token
    /// issued by the primary is honoured by a secondary.</summary>
    public static string ConsistencySecret(PlatformConfig config) => $"serverless/{config.Environment}/consistency-key";

    /// <summary>The key that seals secrets the platform stores and must read back (budget webhook secrets) before
    /// they reach the database: created in the primary, replicated like the consistency key.</summary>
    public static string SecretsKeySecret(PlatformConfig config) => $"serverless/{config.Environment}/secrets-key";

    /// <summary>The value CloudFront sends as x-origin-verify to every API origin: created in the primary,
    /// replicated to every secondary region under this name.</summary>
    public static string OriginVerifySecret(PlatformConfig config) => $"serverless/{config.Environment}/origin-verify";

    /// <summary>The model provider's API key (a Bedrock API key): created empty by the stack, filled by an operator.</summary>
    public static string LlmSecret(PlatformConfig config) => $"serverless/{config.Environment}/llm-api-key";

    /// <summary>Lambda reads secrets through Parameter Store's documented Secrets Manager passthrough.</summary>
    public static string SecretReference(string secretName) => $"/aws/reference/secretsmanager/{secretName}";

    /// <summary>Where onboarding finds the usage plan of a tier (see docs/deploy.md).</summary>
    public static string UsagePlanParameter(PlatformConfig config, string tier) =>
        $"/serverless/{config.Environment}/usage-plans/{tier}";

    /// <summary>
    /// The CloudFront distribution's id, written by the Edge stack in the primary region and read by the
    /// primary's API at start-up: the Edge stack depends on the regional stacks, so the id cannot be
    /// handed to them as a stack reference.
    /// </summary>
    public static string DistributionIdParameter(PlatformConfig config) => $"/serverless/{config.Environment}/edge/distribution-id";
}
