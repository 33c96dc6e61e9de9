using Microsoft.Extensions.AI;
using Serverless.Core.Drafts;

namespace Serverless.Core.Budgets;

/// <summary>
/// Checks the budget before a model call and records the spend after it: reserves the worst case
/// (prompt tokens counted with the o200k tokenizer plus <c>MaxOutputTokens</c>, at the dearest price that
/// could apply), refuses with <see cref="BudgetExhaustedException"/> when that does not fit, settles to the
/// provider's reported usage (or leaves that to the job, <see cref="LlmCall.Settlements"/>), and releases the
/// hold when the call fails. A call without an
/// <see cref="LlmCall"/> (nothing to charge it to) is refused: no path around the budget.
/// </summary>
public sealed class BudgetChatClient(
    IChatClient inner, BudgetLedger ledger, ICallPricing pricing, TokenCounter tokens, TimeProvider time, IBudgetWarnings warnings, int defaultMaxOutputTokens = 4096)
    : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var call = LlmCall.From(options) ?? throw new InvalidOperationException("A model call must say whom it is for (LlmCall in ChatOptions.AdditionalProperties).");
        var sent = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var prompt = sent.Sum(m => (long)tokens.Count(m.Text));
        var maxOutput = options?.MaxOutputTokens ?? defaultMaxOutputTokens;
        // The model, or the tier the router chose (the pricing maps a tier to the dearest model it can mean).
        var model = options?.ModelId
            ?? (options?.AdditionalProperties?.TryGetValue(ChatMetadata.ModelHint, out var hint) == true ? hint?.ToString() : null);
        var worst = pricing.PriceOf(model, time.GetUtcNow());
        var usageId = $"{call.UsageId}/{sent.Count}";
        if (call.Settlements is { Count: > 0 } earlier)
        {
            // A later call of the job (a repair) must meet the earlier calls' real spend, not their worst case.
            await ledger.SettleAsync(earlier, cancellationToken);
        }

        var reserved = await ledger.ReserveAsync(
            new BudgetReservation(call.TenantId, call.Feature, usageId, model ?? "auto", prompt + maxOutput, worst.Cost(prompt, maxOutput)),
            cancellationToken);
        if (reserved is ReserveOutcome.Refused refused)
        {
            await ledger.AuditRefusalAsync(call.TenantId, refused.Reason, CancellationToken.None);
            warnings.Refused(call, refused.Reason);
            throw new BudgetExhaustedException(refused.Reason);
        }

        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(sent, EnsureMaxOutput(options, maxOutput), cancellationToken);
        }
        catch
        {
            // Nothing was spent that we can know of: give the hold back (the sweeper would, later).
            await ledger.ReleaseAsync(call.TenantId, usageId, CancellationToken.None);
            throw;
        }

        var input = response.Usage?.InputTokenCount ?? prompt;
        var output = response.Usage?.OutputTokenCount ?? tokens.Count(response.Text);
        var price = pricing.PriceOf(response.ModelId ?? model, time.GetUtcNow());
        var usage = new SettledUsage(input, output, price.Cost(input, output), price.Version);
        if (call.Settlements is { } pending)
        {
            // The job settles it with its completion, before it is acknowledged: one round trip fewer on this path.
            pending.Add(new PendingSettlement(call.TenantId, usageId, usage, Report));
            return response;
        }
        Report(await ledger.SettleAsync(call.TenantId, usageId, usage, CancellationToken.None));
        return response;
    }

    private void Report(IReadOnlyList<BudgetWarning> crossed)
    {
        foreach (var warning in crossed)
        {
            warnings.Crossed(warning);
        }
    }

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Streaming calls are not budgeted yet; the worker does not stream.");

    /// <summary>The provider must not answer longer than what was reserved.</summary>
    private static ChatOptions EnsureMaxOutput(ChatOptions? options, int maxOutput)
    {
        var copy = options?.Clone() ?? new ChatOptions();
        copy.MaxOutputTokens = maxOutput;
        return copy;
    }
}

/// <summary>Where budget warnings and refusals go besides the audit log (metrics, a tenant's webhook).</summary>
public interface IBudgetWarnings
{
    void Crossed(BudgetWarning warning);

    void Refused(LlmCall call, BudgetRefusal refusal);
}
