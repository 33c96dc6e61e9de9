using System.Net;
using Microsoft.AspNetCore.Http;

namespace Serverless.Lambda.ApiGateway;

/// <summary>An API Gateway event translated into the terms of an ASP.NET Core request.</summary>
public sealed class GatewayRequest
{
    public required string Method { get; init; }

    /// <summary>Decoded, as <see cref="HttpRequest.PathBase"/>.</summary>
    public required string PathBase { get; init; }

    /// <summary>Decoded like Kestrel decodes it: every escape but <c>%2F</c>, and '+' is a plus.</summary>
    public required string Path { get; init; }

    /// <summary>Encoded, with a leading '?', or empty.</summary>
    public required string QueryString { get; init; }

    public required string RawTarget { get; init; }

    public required HeaderDictionary Headers { get; init; }

    public required byte[] Body { get; init; }

    public IPAddress? RemoteIpAddress { get; init; }

    public string? RequestId { get; init; }

    /// <summary>What the API Gateway authorizer said, as data; it authenticates no one by itself.</summary>
    public required ApiGatewayAuthorizerFeature Authorizer { get; init; }

    public required ApiGatewayRequestFeature Gateway { get; init; }
}
