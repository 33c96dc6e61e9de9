namespace Serverless.Llm.Pricing;

/// <summary>One model's list price per <see cref="PriceTable.UnitTokens"/> tokens, in the table's currency.</summary>
public sealed record ModelPrice(string Provider, string Model, decimal Input, decimal Output, decimal CachedInput);
