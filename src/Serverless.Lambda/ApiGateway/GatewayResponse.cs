using Microsoft.AspNetCore.Http;

namespace Serverless.Lambda.ApiGateway;

/// <summary>What the ASP.NET Core pipeline answered, before it is put in API Gateway's shape.</summary>
public sealed record GatewayResponse(int StatusCode, IHeaderDictionary Headers, ReadOnlyMemory<byte> Body);
