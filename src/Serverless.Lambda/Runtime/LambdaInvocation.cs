namespace Serverless.Lambda.Runtime;

/// <summary>One event handed to the function: its context and its raw JSON payload.</summary>
public sealed record LambdaInvocation(LambdaInvocationContext Context, ReadOnlyMemory<byte> Payload);
