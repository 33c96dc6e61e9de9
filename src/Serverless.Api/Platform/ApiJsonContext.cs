using System.Text.Json;
using System.Text.Json.Serialization;
using Serverless.Api.Features.Audit;
using Serverless.Api.Features.Content;
using Serverless.Api.Features.Health;
using Serverless.Api.Features.PublicContent;
using Serverless.Api.Platform.Caching;
using Serverless.Core.Content;

namespace Serverless.Api.Platform;

/// <summary>Every type the API reads or writes, serialized by generated code (no reflection: AOT-ready).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateContentRequest))]
[JsonSerializable(typeof(UpdateContentRequest))]
[JsonSerializable(typeof(ContentItem))]
[JsonSerializable(typeof(ContentList))]
[JsonSerializable(typeof(RevisionList))]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(AuditPage))]
[JsonSerializable(typeof(PublicItem))]
[JsonSerializable(typeof(PublicContentEntry))]
[JsonSerializable(typeof(PublicTenantEntry))]
[JsonSerializable(typeof(CacheInvalidation))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(Dictionary<string, string[]>))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
