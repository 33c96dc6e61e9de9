namespace Serverless.Lambda.Tests.Emulator;

public sealed record RecordedInitError(string? ErrorType, string Body);
