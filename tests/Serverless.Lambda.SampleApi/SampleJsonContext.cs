using System.Text.Json.Serialization;

namespace Serverless.Lambda.SampleApi;

[JsonSerializable(typeof(RequestView))]
[JsonSerializable(typeof(ContextView))]
internal sealed partial class SampleJsonContext : JsonSerializerContext;
