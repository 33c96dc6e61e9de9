using Serverless.Core.Budgets;

namespace Serverless.Worker.Llm;

/// <summary>
/// The model providers, in fallback order, and the resilience every HTTP call to them gets. With no
/// providers configured the offline deterministic provider is used, so local runs need no key; outside
/// Development that needs <see cref="AllowOffline"/>, so a deployment that forgot its provider fails
/// start-up instead of quietly writing offline drafts.
/// </summary>
public sealed class LlmOptions
{
    public const string Section = "Llm";

    public List<LlmProviderOptions> Providers { get; set; } = [];

    /// <summary>Lets the offline provider run outside Development (a test environment, a demo without a model).</summary>
    public bool AllowOffline { get; set; }

    public bool UsesOffline => Effective.Any(p => p.Kind == LlmProviderKinds.Offline);

    /// <summary>One HTTP attempt; a slower answer is abandoned and retried.</summary>
    public double AttemptTimeoutSeconds { get; set; } = 30;

    /// <summary>All attempts of one call together, retries and their waits included.</summary>
    public double TotalTimeoutSeconds { get; set; } = 90;

    /// <summary>Retries of one call on 408, 429, 5xx and timeouts (honouring Retry-After).</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>
    /// The longest answer a call may get: sent to the provider and reserved against the budget. The API reads the
    /// same key (<see cref="ModelCallLimits"/>) to refuse a draft whose budget has less room than this.
    /// </summary>
    public int MaxOutputTokens { get; set; } = ModelCallLimits.DefaultMaxOutputTokens;

    public double RetryDelaySeconds { get; set; } = 1;

    /// <summary>The breaker opens when this share of calls failed within the sampling window...</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>...and at least this many calls were made in it...</summary>
    public int BreakerMinimumThroughput { get; set; } = 5;

    public double BreakerSamplingSeconds { get; set; } = 60;

    /// <summary>...and then fails calls at once for this long before letting one through to test the provider.</summary>
    public double BreakerBreakSeconds { get; set; } = 30;

    public IEnumerable<LlmProviderOptions> Effective =>
        Providers.Count > 0 ? Providers : [new LlmProviderOptions { Name = "offline", Kind = LlmProviderKinds.Offline }];
}
