namespace Serverless.Lambda.Tests.Hosting.Differential;

public sealed record RawHttpResponse(int StatusCode, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body);
