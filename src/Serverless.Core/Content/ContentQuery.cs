namespace Serverless.Core.Content;

/// <summary>One page of a tenant's items, newest first, after <see cref="After"/> when given.</summary>
public sealed record ContentQuery(string? Type, string? Status, string? Locale, int Limit, Guid? After);
