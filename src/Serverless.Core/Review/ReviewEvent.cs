namespace Serverless.Core.Review;

/// <summary>One stored decision on a draft (the feedback record).</summary>
public sealed record ReviewEvent(
    string Action, string Actor, string? ReasonCategory, string? Comment, decimal? EditDistance, DateTimeOffset At);
