using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.Budgets;

namespace Serverless.Worker.Llm;

/// <summary>
/// Sends budget warnings to tenants' webhooks, away from the model calls: a settlement only writes the
/// delivery row (<see cref="BudgetLedger.SettleAsync"/>); this sends it, signed, and retries a failure with
/// exponential backoff and jitter up to <see cref="BudgetOptions.WebhookMaxAttempts"/>. Runs every few
/// seconds, and at once when a warning was just queued (<see cref="Wake"/>); on Lambda on the scheduled event.
/// </summary>
public sealed partial class BudgetWebhookDispatcher(
    BudgetWebhooks webhooks, IHttpClientFactory http, IOptions<BudgetOptions> options, TimeProvider time, ILogger<BudgetWebhookDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "budget-webhooks";
    public const string SignatureHeader = "Serverless-Signature";
    public const string IdHeader = "Serverless-Webhook-Id";

    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>A warning was queued: deliver now rather than at the next tick. Never blocks.</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Someone else woke it first.
            }
        }
    }

    /// <summary>
    /// The signature a receiver checks: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "t.body" with the tenant's secret&gt;</c>.
    /// The time is inside the signed text so a captured request cannot be replayed later unnoticed.
    /// </summary>
    public static string Sign(string secret, long unixSeconds, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{unixSeconds.ToString(CultureInfo.InvariantCulture)}.{body}"));
        return $"t={unixSeconds.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexString(mac).ToLowerInvariant()}";
    }

    /// <returns>The deliveries attempted.</returns>
    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        var o = options.Value;
        var due = await webhooks.ClaimDueAsync(20, TimeSpan.FromSeconds(o.WebhookTimeoutSeconds * 3), ct);
        foreach (var delivery in due)
        {
            await DeliverAsync(delivery, o, ct);
        }
        return due.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromSeconds(options.Value.WebhookEverySeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DeliverDueAsync(stoppingToken) > 0)
                {
                    // Drain what is due before waiting again.
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be away; nothing is lost, the rows wait for the next tick.
                LogPassFailed(logger, e);
            }
            try
            {
                await _wake.WaitAsync(every, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task DeliverAsync(WebhookDelivery delivery, BudgetOptions o, CancellationToken ct)
    {
        if (delivery.Url is null || (delivery.Secret is null && delivery.SecretError is null))
        {
            await webhooks.FailedAsync(delivery, "The tenant removed its webhook.", null, ct);
            return;
        }
        // A secret this instance cannot open (a key missing after a rotation half done) is mended by
        // configuration, so it is retried like a receiver that is down.
        var error = delivery.Secret is { } secret ? await SendAsync(delivery, delivery.Url, secret, o, ct) : delivery.SecretError;
        if (error is null)
        {
            await webhooks.DeliveredAsync(delivery, ct);
            return;
        }
        var retryAt = delivery.Attempts >= o.WebhookMaxAttempts ? (DateTimeOffset?)null : time.GetUtcNow() + Backoff(delivery.Attempts, o);
        LogAttemptFailed(logger, delivery.TenantId, delivery.Id, delivery.Attempts, error, retryAt is null);
        await webhooks.FailedAsync(delivery, error, retryAt, ct);
    }

    /// <returns>Null when the receiver took it, else what went wrong.</returns>
    private async Task<string?> SendAsync(WebhookDelivery delivery, string url, string secret, BudgetOptions o, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(IdHeader, delivery.Id.ToString());
            request.Headers.Add(SignatureHeader, Sign(secret, time.GetUtcNow().ToUnixTimeSeconds(), delivery.Payload));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(o.WebhookTimeoutSeconds));
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return e is TaskCanceledException ? $"no answer within {o.WebhookTimeoutSeconds} s" : e.Message;
        }
    }

    /// <summary>Base × 2^(attempt−1), at most the maximum, with ±20 % jitter so many tenants' retries spread out.</summary>
    private static TimeSpan Backoff(int attempt, BudgetOptions o)
    {
        var seconds = Math.Min(o.WebhookRetryMaxSeconds, o.WebhookRetryBaseSeconds * Math.Pow(2, Math.Max(0, attempt - 1)));
        return TimeSpan.FromSeconds(seconds * (0.8 + (0.4 * Random.Shared.NextDouble())));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Budget webhook delivery pass failed; trying again at the next tick")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Budget webhook of tenant {TenantId} (delivery {DeliveryId}) attempt {Attempt} failed: {Error}; given up: {GivenUp}")]
    private static partial void LogAttemptFailed(ILogger logger, Guid tenantId, Guid deliveryId, int attempt, string error, bool givenUp);
}
