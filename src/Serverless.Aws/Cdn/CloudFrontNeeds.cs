using Microsoft.Extensions.Options;
using Serverless.Aws.Permissions;

namespace Serverless.Aws.Cdn;

/// <summary>
/// What <see cref="CloudFrontInvalidator"/> calls: CreateInvalidation on the one configured distribution,
/// over CloudFront's global endpoint, which no VPC endpoint serves.
/// </summary>
public sealed class CloudFrontNeeds(IOptions<CloudFrontOptions> options) : IAwsNeeds
{
    private const string Component = "CloudFrontInvalidator";

    public IEnumerable<AwsNeed> Needs(AwsScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.DistributionId) || !Uri.TryCreate(settings.Endpoint, UriKind.Absolute, out var endpoint))
        {
            yield break;
        }
        yield return AwsNeed.Reach(Component, endpoint.Host);
        // A distribution's ARN has no region: arn:aws:cloudfront::ACCOUNT:distribution/ID.
        yield return AwsNeed.Call(Component, "cloudfront:CreateInvalidation", $"arn:{scope.Partition}:cloudfront::{scope.Account}:distribution/{settings.DistributionId}");
    }
}
