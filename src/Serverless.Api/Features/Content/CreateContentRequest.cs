using System.Text.Json;

namespace Serverless.Api.Features.Content;

public sealed class CreateContentRequest
{
    public string? Type { get; set; }
    public string? Slug { get; set; }
    public string? Locale { get; set; }
    public string? Status { get; set; }
    public string? Title { get; set; }
    public string? Body { get; set; }
    public JsonElement? Attributes { get; set; }
    public int? SchemaVersion { get; set; }
}
