using System.Text.Json.Serialization;

namespace Serverless.Lambda.Runtime;

[JsonSerializable(typeof(LambdaError))]
internal sealed partial class RuntimeJsonContext : JsonSerializerContext;
