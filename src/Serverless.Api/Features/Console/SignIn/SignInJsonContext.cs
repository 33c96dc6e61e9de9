using System.Text.Json.Serialization;

namespace Serverless.Api.Features.Console.SignIn;

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ConsoleConfig))]
[JsonSerializable(typeof(TokenAnswer))]
[JsonSerializable(typeof(DiscoveryDocument))]
public sealed partial class SignInJsonContext : JsonSerializerContext;
