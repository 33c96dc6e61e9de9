using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Serverless.Aws.Gateway;

namespace Serverless.Api.Authorizer;

/// <summary>
/// A tenant's usage-plan key value, as onboarding registered it at API Gateway (<c>customerId</c> = the
/// tenant id), remembered for <see cref="AuthorizerOptions.KeyCacheSeconds"/> so a burst of requests costs
/// one management call. Absence is remembered too: a flood of tokens of an unknown tenant cannot turn
/// into a flood of GetApiKeys calls (which API Gateway throttles account-wide).
/// </summary>
public sealed class TenantUsageKeys(ApiGatewayClient gateway, IOptions<AuthorizerOptions> options, TimeProvider time)
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<Guid, (DateTimeOffset Until, string? Key)> _known = new();

    public async Task<string?> ForTenantAsync(Guid tenantId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_known.TryGetValue(tenantId, out var entry) && entry.Until > now)
        {
            return entry.Key;
        }
        var keys = await gateway.EnabledKeyValuesAsync(tenantId.ToString("D"), ct);
        if (_known.Count >= MaxEntries)
        {
            _known.Clear();
        }
        var key = keys.Count > 0 ? keys[0] : null;
        _known[tenantId] = (now.AddSeconds(options.Value.KeyCacheSeconds), key);
        return key;
    }
}
