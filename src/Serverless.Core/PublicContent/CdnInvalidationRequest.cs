namespace Serverless.Core.PublicContent;

/// <param name="CallerReference">Unique per change, so a retried request is not a second invalidation.</param>
public sealed record CdnInvalidationRequest(IReadOnlyList<string> Paths, IReadOnlyList<string> SurrogateKeys, string CallerReference);
