using System.Text.Json;

namespace Serverless.Core.Content;

public sealed record ContentRevision(
    int Version, string Status, string Title, string Body, JsonElement Attributes, string Actor, DateTimeOffset CreatedAt);
