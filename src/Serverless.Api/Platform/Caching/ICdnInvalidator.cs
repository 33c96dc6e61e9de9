namespace Serverless.Api.Platform.Caching;

/// <summary>
/// Asks the CDN (CloudFront) to drop its copies. Paths are what CloudFront's CreateInvalidation takes;
/// surrogate keys are what the responses were tagged with, for CDNs that purge by key.
/// </summary>
public interface ICdnInvalidator
{
    Task InvalidateAsync(CdnInvalidationRequest request, CancellationToken ct);
}

/// <param name="CallerReference">Unique per change, so a retried request is not a second invalidation.</param>
public sealed record CdnInvalidationRequest(IReadOnlyList<string> Paths, IReadOnlyList<string> SurrogateKeys, string CallerReference);
