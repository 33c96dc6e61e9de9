using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Serverless.Core.Tenants;

namespace Serverless.Worker.Fairness;

/// <summary>
/// The door a job passes before it runs: a model-calling job takes one of its tenant's slots or is turned
/// away. Also the tenant's tier, for the per-tier queue-wait figures (a tier, never a tenant id, on a metric).
/// </summary>
public sealed class TenantFairness(TenantSlots? slots, TenantExistence tenants, IOptions<FairnessOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, (string Tier, DateTimeOffset Until)> _tiers = new();

    /// <summary>A slot to hold while the job runs (<see cref="TenantSlot.Unlimited"/> when no cap applies), or null: turn it away.</summary>
    public async Task<TenantSlot?> TryEnterAsync(Guid tenantId, string tier, bool callsModel, CancellationToken ct)
    {
        var settings = options.Value;
        if (!settings.Enabled || !callsModel || slots is null)
        {
            return TenantSlot.Unlimited;
        }
        return await slots.TryTakeAsync(tenantId, settings.CapFor(tier), ct);
    }

    /// <summary>The tenant's tier, remembered for a while; "unknown" for a tenant that does not exist.</summary>
    public async Task<string> TierOfAsync(Guid tenantId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_tiers.TryGetValue(tenantId, out var known) && known.Until > now)
        {
            return known.Tier;
        }
        var tier = await tenants.TierAsync(tenantId, ct) ?? "unknown";
        _tiers[tenantId] = (tier, now.AddSeconds(options.Value.TierCacheSeconds));
        return tier;
    }

    /// <summary>When a turned-away job is sent again: the base delay plus up to as much again of jitter, so they do not return together.</summary>
    public TimeSpan RequeueDelay() => TimeSpan.FromSeconds(options.Value.RequeueSeconds * (1 + Random.Shared.NextDouble()));
}
