namespace Serverless.Core.Content;

/// <summary>
/// One page of a tenant's items, newest first, after <see cref="After"/> when given; <see cref="Search"/> is a
/// web-style full-text query over title and body (words, "a phrase", -excluded, or).
/// </summary>
/// <param name="AttributesContain">A JSON object the items' attributes must contain (the indexed attribute filters), or null.</param>
public sealed record ContentQuery(string? Type, string? Status, string? Locale, int Limit, Guid? After, string? Search = null, string? AttributesContain = null);
