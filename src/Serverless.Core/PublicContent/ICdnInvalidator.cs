namespace Serverless.Core.PublicContent;

/// <summary>
/// Asks the CDN (CloudFront) to drop its copies. Paths are what CloudFront's CreateInvalidation takes;
/// surrogate keys are what the responses were tagged with, for CDNs that purge by key.
/// </summary>
public interface ICdnInvalidator
{
    Task InvalidateAsync(CdnInvalidationRequest request, CancellationToken ct);
}
