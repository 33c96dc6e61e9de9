using System.Text.Json;

namespace Serverless.Api.Features.Content;

/// <summary>A full replacement of the editable fields. <see cref="Version"/> is the version you read,
/// when you do not send If-Match.</summary>
public sealed class UpdateContentRequest
{
    public string? Status { get; set; }
    public string? Title { get; set; }
    public string? Body { get; set; }
    public JsonElement? Attributes { get; set; }
    public int? SchemaVersion { get; set; }
    public int? Version { get; set; }
}
