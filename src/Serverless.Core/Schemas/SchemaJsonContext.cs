using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Core.Schemas;

/// <summary>Migrations, job payloads and results of the schema feature, serialized by generated code (AOT-ready).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<MigrationStep>))]
[JsonSerializable(typeof(AttributeMigrationPayload))]
[JsonSerializable(typeof(AttributeMigrationResult))]
[JsonSerializable(typeof(List<MigrationFailure>))]
public sealed partial class SchemaJsonContext : JsonSerializerContext;
