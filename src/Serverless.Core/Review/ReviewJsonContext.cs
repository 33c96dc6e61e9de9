using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Core.Review;

/// <summary>The review data kept as jsonb (signals, diffs), written and read by generated code (AOT-ready).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ConfidenceSignals))]
[JsonSerializable(typeof(DraftEdit))]
internal sealed partial class ReviewJsonContext : JsonSerializerContext;
