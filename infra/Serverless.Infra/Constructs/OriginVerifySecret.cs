using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using Serverless.Infra.Config;

namespace Serverless.Infra.Constructs;

/// <summary>
/// The shared value CloudFront sends as <c>x-origin-verify</c> and the API requires, so the public
/// execute-api URL cannot be used to go around the WAF, the edge cache and its limits. JSON
/// <c>{"secret":"…"}</c>; during a rotation <c>{"secret":"new","previous":"old"}</c>, and the API accepts
/// both (docs/deploy.md, "Edge security"). Replicated to every secondary region under the same name,
/// where that region's API reads it.
/// </summary>
public sealed class OriginVerifySecret : Construct
{
    public Secret Secret { get; }

    public OriginVerifySecret(Construct scope, string id, PlatformConfig config) : base(scope, id)
    {
        Secret = new Secret(this, "Secret", new SecretProps
        {
            SecretName = ResourceNames.OriginVerifySecret(config),
            Description = "Header value CloudFront sends to the API origins (x-origin-verify)",
            GenerateSecretString = new SecretStringGenerator
            {
                SecretStringTemplate = "{}",
                GenerateStringKey = "secret",
                PasswordLength = 48,
                ExcludePunctuation = true,
            },
            ReplicaRegions = config.Secondaries.Select(r => new ReplicaRegion { Region = r.Region }).ToArray(),
        });
    }
}
