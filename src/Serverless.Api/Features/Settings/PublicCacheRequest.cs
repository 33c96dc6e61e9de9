namespace Serverless.Api.Features.Settings;

public sealed record PublicCacheRequest(int? MaxAge, int? SMaxAge, int? StaleWhileRevalidate, int? StaleIfError);
