using System.Text.Json;
using System.Text.Json.Serialization;
using Serverless.Api.Features.Drafts;
using Serverless.Core.Jobs;

namespace Serverless.Api.Features.Jobs;

/// <summary>The jobs and drafts endpoints' types, serialized by generated code (AOT-ready).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Job))]
[JsonSerializable(typeof(RequestDraftRequest))]
[JsonSerializable(typeof(DraftAccepted))]
[JsonSerializable(typeof(DraftList))]
public sealed partial class JobsApiJsonContext : JsonSerializerContext;
