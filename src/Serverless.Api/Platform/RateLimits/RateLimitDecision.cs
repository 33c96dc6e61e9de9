namespace Serverless.Api.Platform.RateLimits;

/// <summary>One request's place in its tenant's window: the policy, what is left, and when the window resets.</summary>
public sealed record RateLimitDecision(string Policy, int Quota, int WindowSeconds, int Remaining, int ResetSeconds, bool Allowed);
