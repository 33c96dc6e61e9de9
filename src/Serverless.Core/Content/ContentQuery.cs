namespace Serverless.Core.Content;

/// <summary>One page of a tenant's items, newest first, after <see cref="After"/> when given.</summary>
/// <param name="AttributesContain">A JSON object the items' attributes must contain (the indexed attribute filters), or null.</param>
public sealed record ContentQuery(string? Type, string? Status, string? Locale, int Limit, Guid? After, string? AttributesContain = null);
