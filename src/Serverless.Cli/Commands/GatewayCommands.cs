using System.CommandLine;
using Amazon.Runtime;
using Serverless.Aws.Gateway;
using Serverless.Cli.Gateway;
using Serverless.Core.ApiKeys;
using Serverless.Core.Tenants;

namespace Serverless.Cli.Commands;

/// <summary>
/// Onboarding at API Gateway: a tenant's app key becomes an API Gateway key with the same value, on
/// the usage plan of the tenant's tier, in every region of the environment. After a rotation, attach
/// the new key; once the old app key is revoked (the grace period over), attach or prune deletes its
/// gateway key. Any failure stops the command with exit code 1 and says where and why.
/// </summary>
public static class GatewayCommands
{
    public static Command Create(CliSettings settings)
    {
        var gateway = new Command("gateway", "Register tenants' API keys with API Gateway usage plans (every region).");
        gateway.Add(Attach(settings));
        gateway.Add(Prune(settings));
        return gateway;
    }

    private static Option<string> ConfigOption() =>
        new("--config") { Description = "The environment's infra/config/ENV.json (regions and tiers).", Required = true };

    private static Command Attach(CliSettings settings)
    {
        var tenant = new Argument<string>("tenant") { Description = "The tenant's slug." };
        var config = ConfigOption();
        var tier = new Option<string?>("--tier") { Description = "The usage plan's tier; the tenant's own tier by default." };
        var command = new Command("attach", "Read a tenant's API key on standard input and attach it to its tier's usage plan.") { tenant, config, tier };
        command.SetAction((r, ct) => CliRun.Guarded(async () =>
        {
            var deployment = DeploymentConfig.Load(r.GetValue(config)!);
            var t = await FindTenant(settings, r.GetValue(tenant)!, ct);
            var plan = r.GetValue(tier) ?? t.Tier;
            if (!deployment.Tiers.Contains(plan))
            {
                throw new InvalidOperationException($"tier '{plan}' is not one of {string.Join(", ", deployment.Tiers)}");
            }
            // On standard input, so the key is in no process list or shell history.
            var raw = (await Console.In.ReadLineAsync(ct))?.Trim();
            var admin = new ApiKeyAdmin(settings.Admin, TimeProvider.System);
            var prefix = ApiKeySecret.PrefixOf(raw) ?? throw new InvalidOperationException("pass the tenant's API key on standard input");
            var key = await admin.FindAsync(prefix, ct);
            if (key is null || key.TenantId != t.Id || !key.IsActiveAt(DateTimeOffset.UtcNow) || !await admin.MatchesAsync(key.Id, raw!, ct))
            {
                throw new InvalidOperationException($"that is not an active API key of tenant {t.Slug}");
            }
            var active = await ActivePrefixes(admin, t, ct);
            using var clients = new GatewayClients(settings.Configuration);
            foreach (var region in deployment.Regions)
            {
                await InRegion(region, async () =>
                {
                    var keys = clients.For(region, deployment);
                    Console.WriteLine(await keys.AttachAsync(t.Slug, t.Id, prefix, raw!, plan, ct));
                    foreach (var line in await keys.PruneAsync(t.Slug, active, ct))
                    {
                        Console.WriteLine(line);
                    }
                });
            }
            return 0;
        }));
        return command;
    }

    private static Command Prune(CliSettings settings)
    {
        var tenant = new Argument<string>("tenant") { Description = "The tenant's slug." };
        var config = ConfigOption();
        var command = new Command("prune", "Delete the API Gateway keys of a tenant's revoked app keys.") { tenant, config };
        command.SetAction((r, ct) => CliRun.Guarded(async () =>
        {
            var deployment = DeploymentConfig.Load(r.GetValue(config)!);
            var t = await FindTenant(settings, r.GetValue(tenant)!, ct);
            var active = await ActivePrefixes(new ApiKeyAdmin(settings.Admin, TimeProvider.System), t, ct);
            using var clients = new GatewayClients(settings.Configuration);
            foreach (var region in deployment.Regions)
            {
                await InRegion(region, async () =>
                {
                    var removed = await clients.For(region, deployment).PruneAsync(t.Slug, active, ct);
                    Console.WriteLine(removed.Count == 0 ? $"{region}: nothing to delete" : string.Join('\n', removed));
                });
            }
            return 0;
        }));
        return command;
    }

    private static async Task<IReadOnlySet<string>> ActivePrefixes(ApiKeyAdmin admin, Tenant tenant, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        return (await admin.ListAsync(tenant.Id, ct)).Where(k => k.IsActiveAt(now)).Select(k => k.Prefix).ToHashSet(StringComparer.Ordinal);
    }

    // AWS failures are expected here (permissions, a region not deployed): one clear line naming the
    // region, exit 1. Regions done before it keep their keys; running the command again is safe.
    private static async Task InRegion(string region, Func<Task> body)
    {
        try
        {
            await body();
        }
        catch (Exception e) when (e is ApiGatewayException or AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            throw new InvalidOperationException($"{region}: {e.Message}", e);
        }
    }

    private static async Task<Tenant> FindTenant(CliSettings settings, string slug, CancellationToken ct) =>
        await new TenantAdmin(settings.Admin).FindAsync(slug, ct) ?? throw new InvalidOperationException(CliRun.NoTenant(slug));
}
