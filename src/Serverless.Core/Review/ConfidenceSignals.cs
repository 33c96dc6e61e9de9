namespace Serverless.Core.Review;

/// <summary>What went into a draft's combined confidence, kept with it so a reviewer can see why.</summary>
public sealed record ConfidenceSignals(
    decimal? ModelScore,
    bool SchemaValid,
    int Length,
    int MinLength,
    int MaxLength,
    bool LengthWithinBounds,
    IReadOnlyList<string> BannedTermsFound);
