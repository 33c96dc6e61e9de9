namespace Serverless.Llm.Pricing;

/// <summary>The prices in force from <see cref="EffectiveFrom"/> until the next version's.</summary>
public sealed record PriceVersion(string Version, DateTimeOffset EffectiveFrom, string? Source, IReadOnlyList<ModelPrice> Models);
