using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Core.Review;

/// <summary>
/// The review data kept as jsonb (signals, diffs) and the drafting job's payload and result, written and
/// read by generated code (AOT-ready).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ConfidenceSignals))]
[JsonSerializable(typeof(DraftEdit))]
[JsonSerializable(typeof(DraftJobPayload))]
[JsonSerializable(typeof(DraftJobResult))]
internal sealed partial class ReviewJsonContext : JsonSerializerContext;
