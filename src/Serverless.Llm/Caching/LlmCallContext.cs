using Microsoft.Extensions.AI;

namespace Serverless.Llm.Caching;

/// <summary>
/// Who is calling and for what, carried on <see cref="ChatOptions.AdditionalProperties"/> so the caches
/// (and later the budget) can partition by it. The caller sets it; without it no cache is used.
/// </summary>
/// <param name="TenantId">Every cache entry is the tenant's own: it is part of every key.</param>
/// <param name="Task">The task type ("draft", "outline"): the semantic cache only serves tasks that declared it safe.</param>
/// <param name="PromptVersion">Entries never cross prompt versions.</param>
/// <param name="Locale">The request's locale (BCP 47); semantic entries never cross locales.</param>
/// <param name="SemanticText">The part of the request that varies between callers (e.g. the brief), compared by meaning; null: no semantic cache.</param>
/// <param name="Model">What answers the call, as the caches key it (e.g. the tier and the models each provider maps it to); null: the options' model.</param>
public sealed record LlmCallContext(Guid TenantId, string Task, string PromptVersion, string? Locale = null, string? SemanticText = null, string? Model = null)
{
    public const string PropertyName = "serverless.llm.call";

    /// <summary>The model the caches key a call by: the context's, else the options' model, else the router's tier, else the client's default.</summary>
    internal static string ModelFor(LlmCallContext context, ChatOptions? options, IChatClient client) =>
        context.Model
        ?? options?.ModelId
        ?? (options?.AdditionalProperties?.TryGetValue(Serverless.Core.Drafts.ChatMetadata.ModelHint, out var hint) == true ? hint?.ToString() : null)
        ?? client.GetService<ChatClientMetadata>()?.DefaultModelId
        ?? "";

    public static LlmCallContext? From(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(PropertyName, out var value) == true ? value as LlmCallContext : null;
}

public static class LlmCallContextExtensions
{
    /// <summary>Attaches the call's context (a copy of the options is not made: set it on the options you pass).</summary>
    public static ChatOptions WithCallContext(this ChatOptions options, LlmCallContext context)
    {
        options.AdditionalProperties ??= [];
        options.AdditionalProperties[LlmCallContext.PropertyName] = context;
        return options;
    }
}
