using System.Text.Json.Serialization;

namespace Serverless.Api.Authorizer;

[JsonSerializable(typeof(AuthorizerRequest))]
[JsonSerializable(typeof(AuthorizerResponse))]
internal sealed partial class AuthorizerJsonContext : JsonSerializerContext;
