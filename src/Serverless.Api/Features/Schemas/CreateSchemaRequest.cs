using System.Text.Json;
using Serverless.Core.Schemas;

namespace Serverless.Api.Features.Schemas;

/// <summary>The next version of a content type's attribute schema: the JSON Schema, its queryable fields, and a migration when it breaks the previous version.</summary>
public sealed class CreateSchemaRequest
{
    public JsonElement? Schema { get; set; }
    public List<string>? Indexed { get; set; }
    public List<MigrationStep>? Migration { get; set; }
}
