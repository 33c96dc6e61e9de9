using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Core.Jobs;

/// <summary>
/// Envelopes are read and written by generated code (AOT-ready). A payload is the job type's own: the
/// feature that owns the type serializes it (e.g. <c>Review.DraftJobs</c>).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(JobEnvelope))]
public sealed partial class JobJsonContext : JsonSerializerContext;
