using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Serverless.Aws.Gateway;

namespace Serverless.Cli.Gateway;

/// <summary>
/// A tenant's app keys mirrored as API Gateway keys in one region: one gateway key per app key, named
/// <c>tenant-{slug}-{prefix}</c> and holding the same value (API Gateway compares x-api-key with it),
/// on exactly the tier's usage plan, and filed under the tenant id as its <c>customerId</c> (the JWT
/// authorizer finds a person's usage key by the token's tenant_id that way). Every step either does what it says or throws: nothing is hidden.
/// </summary>
public sealed class TenantGatewayKeys(ApiGatewayClient gateway, IAmazonSimpleSystemsManagement ssm, DeploymentConfig config)
{
    public static string NamePrefix(string tenantSlug) => $"tenant-{tenantSlug}-";

    public static string Name(string tenantSlug, string keyPrefix) => NamePrefix(tenantSlug) + keyPrefix;

    /// <summary>Registers the key (creating it if missing) and leaves it on the tier's plan only.</summary>
    public async Task<string> AttachAsync(string tenantSlug, Guid tenantId, string keyPrefix, string rawKey, string tier, CancellationToken ct)
    {
        var plans = await PlansAsync(ct);
        var name = Name(tenantSlug, keyPrefix);
        var existing = (await gateway.FindKeysAsync(name, ct)).FirstOrDefault(k => k.Name == name);
        var customerId = tenantId.ToString("D");
        var keyId = existing?.Id ?? await gateway.CreateKeyAsync(name, rawKey, $"Tenant {tenantSlug}, app key {keyPrefix}", customerId, ct);
        if (existing is not null && existing.CustomerId != customerId)
        {
            await gateway.SetCustomerIdAsync(keyId, customerId, ct);
        }
        foreach (var planId in plans.Where(p => p.Key != tier).Select(p => p.Value))
        {
            await gateway.DetachAsync(planId, keyId, ct);
        }
        var added = await gateway.AttachAsync(plans[tier], keyId, ct);
        return $"{gateway.Region}: {name} ({keyId}) {(existing is null ? "created" : "found")}, {(added ? "attached to" : "already on")} the {tier} plan";
    }

    /// <summary>Deletes the gateway keys of app keys that are no longer active (revoked, or rotated past their grace).</summary>
    public async Task<IReadOnlyList<string>> PruneAsync(string tenantSlug, IReadOnlySet<string> activePrefixes, CancellationToken ct)
    {
        var removed = new List<string>();
        foreach (var key in await gateway.FindKeysAsync(NamePrefix(tenantSlug), ct))
        {
            if (!activePrefixes.Contains(key.Name[NamePrefix(tenantSlug).Length..]))
            {
                await gateway.DeleteKeyAsync(key.Id, ct);
                removed.Add($"{gateway.Region}: {key.Name} ({key.Id}) deleted: its app key is revoked");
            }
        }
        return removed;
    }

    private async Task<Dictionary<string, string>> PlansAsync(CancellationToken ct)
    {
        var plans = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tier in config.Tiers)
        {
            var parameter = config.UsagePlanParameter(tier);
            try
            {
                plans[tier] = (await ssm.GetParameterAsync(new GetParameterRequest { Name = parameter }, ct)).Parameter.Value;
            }
            catch (ParameterNotFoundException)
            {
                throw new InvalidOperationException($"{gateway.Region}: no usage plan parameter {parameter}; is the App stack deployed there?");
            }
        }
        return plans;
    }
}
