using System.Text.Json;
using System.Text.Json.Serialization;
using Serverless.Core.Drafts;

namespace Serverless.Core.Jobs;

/// <summary>Envelopes and payloads are read and written by generated code (AOT-ready).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(JobEnvelope))]
[JsonSerializable(typeof(DraftJobPayload))]
[JsonSerializable(typeof(DraftJobResult))]
public sealed partial class JobJsonContext : JsonSerializerContext;
