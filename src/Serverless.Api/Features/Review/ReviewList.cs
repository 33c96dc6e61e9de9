using Serverless.Core.Review;

namespace Serverless.Api.Features.Review;

public sealed record ReviewList(IReadOnlyList<ReviewQueueItem> Items);
