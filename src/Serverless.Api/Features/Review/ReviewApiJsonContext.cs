using System.Text.Json;
using System.Text.Json.Serialization;
using Serverless.Core.Review;

namespace Serverless.Api.Features.Review;

/// <summary>The review and prompt statistics endpoints' types, serialized by generated code (AOT-ready).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ApproveRequest))]
[JsonSerializable(typeof(RejectRequest))]
[JsonSerializable(typeof(RegenerateRequest))]
[JsonSerializable(typeof(ReviewList))]
[JsonSerializable(typeof(ReviewDetail))]
[JsonSerializable(typeof(PromptVersionStats))]
public sealed partial class ReviewApiJsonContext : JsonSerializerContext;
