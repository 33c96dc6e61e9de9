using Serverless.Core.Review;

namespace Serverless.Api.Features.Review;

/// <summary>One page of the queue, whose tenant it is (for the console's header), and the next page's cursor.</summary>
public sealed record ReviewList(ReviewTenant Tenant, IReadOnlyList<ReviewQueueItem> Items, string? NextCursor);

public sealed record ReviewTenant(string Slug, string Name);
