using Serverless.Core.Content;

namespace Serverless.Api.Features.Content;

/// <summary>One page of items; pass <see cref="NextCursor"/> back as <c>cursor</c> for the next page.</summary>
public sealed record ContentList(IReadOnlyList<ContentItem> Items, string? NextCursor);
