using System.Text.Json;

namespace Serverless.Core.Schemas;

/// <summary>A checked request for a content type's next schema version (shape checked; the store checks it against the previous version).</summary>
public sealed record NewSchemaVersion(string Type, JsonElement Schema, IReadOnlyList<string> Indexed, IReadOnlyList<MigrationStep>? Migration);
