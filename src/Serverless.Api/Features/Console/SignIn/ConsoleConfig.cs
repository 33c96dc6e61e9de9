namespace Serverless.Api.Features.Console.SignIn;

/// <summary>What the console needs to offer single sign-on: null members when only pasted tokens work.</summary>
public sealed record ConsoleConfig(string? Authority, string? ClientId, string? Scope);
