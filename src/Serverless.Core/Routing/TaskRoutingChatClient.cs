using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Serverless.Core.Budgets;
using Serverless.Core.Drafts;

namespace Serverless.Core.Routing;

/// <summary>
/// Chooses the model tier for a call from its task: the tenant's override, else the prompt version's own
/// hint, else the routing table. It sets the tier as the model hint the providers map to a model, and logs
/// the task, tier, reason and estimated prompt tokens for each call. When the budget client below refuses
/// and the tenant's budget says <c>downgrade</c>, it tries once more on the downgrade tier, which must fit
/// on its own.
/// </summary>
public sealed partial class TaskRoutingChatClient(IChatClient inner, RoutingOptions options, TenantRoutes tenants, TokenCounter tokens, ILogger<TaskRoutingChatClient> logger)
    : DelegatingChatClient(inner)
{
    public const string RouteKey = "serverless.route";

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null, CancellationToken cancellationToken = default)
    {
        var call = LlmCall.From(chatOptions) ?? throw new InvalidOperationException("A model call must say whom it is for (LlmCall in ChatOptions.AdditionalProperties).");
        var sent = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var route = await ChooseAsync(call, chatOptions, cancellationToken);
        var estimated = sent.Sum(m => tokens.Count(m.Text));
        try
        {
            return await SendAsync(sent, chatOptions, route, estimated, cancellationToken);
        }
        catch (BudgetExhaustedException refused) when (refused.Refusal.WhenExhausted == WhenExhausted.Downgrade && route.Tier != options.DowngradeTier)
        {
            var downgraded = route with { Tier = options.DowngradeTier, Reason = RouteReason.BudgetDowngrade };
            return await SendAsync(sent, chatOptions, downgraded, estimated, cancellationToken);
        }
    }

    private async Task<ChatResponse> SendAsync(IReadOnlyList<ChatMessage> sent, ChatOptions? chatOptions, ModelRoute route, int estimated, CancellationToken ct)
    {
        Routed(logger, route.Task, route.Tier, route.Reason, estimated);
        var routed = chatOptions?.Clone() ?? new ChatOptions();
        routed.AdditionalProperties = new AdditionalPropertiesDictionary(routed.AdditionalProperties ?? [])
        {
            [ChatMetadata.ModelHint] = route.Tier,
            [RouteKey] = route,
        };
        var response = await base.GetResponseAsync(sent, routed, ct);
        (response.AdditionalProperties ??= [])[RouteKey] = route;
        return response;
    }

    private async Task<ModelRoute> ChooseAsync(LlmCall call, ChatOptions? chatOptions, CancellationToken ct)
    {
        var overrides = await tenants.ForAsync(call.TenantId, ct);
        if (overrides.TryGetValue(call.Feature, out var tenantTier))
        {
            return new ModelRoute(call.Feature, tenantTier, RouteReason.TenantOverride);
        }
        if (chatOptions?.AdditionalProperties?.TryGetValue(ChatMetadata.ModelHint, out var hint) == true && hint?.ToString() is { Length: > 0 } promptTier)
        {
            return new ModelRoute(call.Feature, promptTier, RouteReason.PromptVersion);
        }
        return new ModelRoute(call.Feature, options.Tasks.GetValueOrDefault(call.Feature, options.DefaultTier), RouteReason.Task);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "model route: task {Task} tier {Tier} ({Reason}), about {EstimatedTokens} prompt tokens")]
    private static partial void Routed(ILogger logger, string task, string tier, RouteReason reason, int estimatedTokens);
}
