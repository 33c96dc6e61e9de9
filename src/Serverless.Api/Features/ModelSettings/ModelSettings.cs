namespace Serverless.Api.Features.ModelSettings;

/// <summary>A tenant's choices for its model calls: the semantic cache switch and its tier per task.</summary>
/// <param name="SemanticCache">Whether calls may be served from (and stored in) the semantic cache.</param>
/// <param name="Routes">Task → model tier overrides (e.g. <c>drafts.generate</c> → <c>small</c>); tasks not listed follow the platform's routing table.</param>
public sealed record ModelSettings(bool SemanticCache, IReadOnlyDictionary<string, string> Routes);

/// <summary>The body of <c>PUT /v1/llm/settings</c>: the whole settings, replacing what is stored.</summary>
public sealed record ModelSettingsRequest(bool? SemanticCache, Dictionary<string, string>? Routes)
{
    public const int MaxRoutes = 50;
}
