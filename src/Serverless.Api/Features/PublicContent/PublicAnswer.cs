using Serverless.Api.Platform.Caching;
using Serverless.Core.Data;

namespace Serverless.Api.Features.PublicContent;

/// <summary>A public read's result, how the cache answered it, and (when it went to the database) from where.</summary>
public sealed record PublicAnswer(PublicContentEntry Entry, CacheOutcome Outcome, DataSourceKind? Source);
