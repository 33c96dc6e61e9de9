namespace Serverless.Core.Content;

public sealed record ContentPage(IReadOnlyList<ContentItem> Items, Guid? Next);
