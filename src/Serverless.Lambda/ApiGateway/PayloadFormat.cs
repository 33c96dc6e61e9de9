namespace Serverless.Lambda.ApiGateway;

public enum PayloadFormat
{
    /// <summary>REST API proxy integration (and HTTP API with payload 1.0).</summary>
    V1,

    /// <summary>HTTP API payload 2.0.</summary>
    V2,
}
