using Microsoft.Extensions.AI;
using Serverless.Core.Budgets;

namespace Serverless.Core.Drafts;

/// <summary>
/// Who a model call is for, carried in <see cref="ChatOptions.AdditionalProperties"/> so the clients in
/// the pipeline (budget, cache, router) see it without the caller knowing they exist.
/// </summary>
/// <param name="UsageId">Stable across redeliveries of one attempt (e.g. "job id/attempt"); each call of
/// the attempt is told apart by the length of its conversation, so a repair call is its own ledger row.</param>
public sealed record LlmCall(Guid TenantId, string Feature, string UsageId)
{
    public const string Key = "serverless.call";

    /// <summary>The prompt version the call renders ("key:version"); a call without one is never cached.</summary>
    public string? PromptVersion { get; init; }

    /// <summary>The request's locale (BCP 47): semantic cache entries never cross locales.</summary>
    public string? Locale { get; init; }

    /// <summary>The text that varies between callers, compared by meaning where the task allows a semantic cache.</summary>
    public string? SemanticText { get; init; }

    /// <summary>
    /// Where the budget client leaves the call's settlement for the job to commit with its completion; null: the
    /// budget client settles before it returns. Only a caller that settles them before it acknowledges its job
    /// may set this (DraftJobHandler).
    /// </summary>
    public PendingSettlements? Settlements { get; init; }

    public void AttachTo(ChatOptions options) => (options.AdditionalProperties ??= [])[Key] = this;

    public static LlmCall? From(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(Key, out var value) == true ? value as LlmCall : null;
}
