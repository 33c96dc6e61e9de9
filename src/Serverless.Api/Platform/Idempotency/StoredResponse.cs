namespace Serverless.Api.Platform.Idempotency;

/// <summary>The first answer to a request under an Idempotency-Key: replayed byte for byte.</summary>
public sealed record StoredResponse(int Status, Dictionary<string, string[]> Headers, byte[] Body);
