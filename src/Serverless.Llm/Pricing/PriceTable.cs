using System.Text.Json;

namespace Serverless.Llm.Pricing;

/// <summary>
/// The versioned price table (Pricing/prices.json, embedded): a new price is a new version with its own
/// effective time, never an edit of the old one, so a call is always priced as of when it was made.
/// </summary>
public sealed class PriceTable
{
    private readonly List<PriceVersion> _versions;

    private PriceTable(string currency, long unitTokens, IEnumerable<PriceVersion> versions)
    {
        Currency = currency;
        UnitTokens = unitTokens;
        _versions = versions.OrderBy(v => v.EffectiveFrom).ToList();
        if (_versions.Count == 0 || unitTokens <= 0)
        {
            throw new InvalidDataException("A price table needs at least one version and a positive unit.");
        }
    }

    public static PriceTable Default { get; } = Load(typeof(PriceTable).Assembly.GetManifestResourceStream("prices.json")
        ?? throw new InvalidOperationException("prices.json is not embedded"));

    public string Currency { get; }

    public long UnitTokens { get; }

    public IReadOnlyList<PriceVersion> Versions => _versions;

    public static PriceTable Load(Stream json)
    {
        var document = JsonSerializer.Deserialize(json, PriceTableJsonContext.Default.PriceTableDocument)
            ?? throw new InvalidDataException("empty price table");
        return new PriceTable(document.Currency, document.UnitTokens, document.Versions);
    }

    public static PriceTable From(string currency, long unitTokens, params PriceVersion[] versions) => new(currency, unitTokens, versions);

    /// <summary>The version in force at <paramref name="at"/> and the model's price in it, or null when the model is not priced.</summary>
    public (PriceVersion Version, ModelPrice Price)? Find(string provider, string model, DateTimeOffset at)
    {
        var version = _versions.LastOrDefault(v => v.EffectiveFrom <= at);
        if (version is null)
        {
            return null;
        }
        var price = version.Models.FirstOrDefault(m =>
            string.Equals(m.Provider, provider, StringComparison.OrdinalIgnoreCase) && string.Equals(m.Model, model, StringComparison.OrdinalIgnoreCase));
        return price is null ? null : (version, price);
    }
}
