using System.CommandLine;
using Serverless.Core.ApiKeys;
using Serverless.Core.Tenants;

namespace Serverless.Cli.Commands;

/// <summary>API keys: the plaintext is printed once, on issue or rotate, and never stored.</summary>
public static class KeyCommands
{
    public static Command Create(CliSettings settings)
    {
        var keys = new Command("key", "Issue, list, rotate and revoke tenants' API keys.");
        keys.Add(Issue(settings));
        keys.Add(List(settings));
        keys.Add(Rotate(settings));
        keys.Add(Revoke(settings));
        keys.Add(Check(settings));
        return keys;
    }

    private static Command Issue(CliSettings settings)
    {
        var tenant = new Argument<string>("tenant") { Description = "The tenant's slug." };
        var name = new Option<string>("--name") { Description = "What the key is for, e.g. 'web app'.", Required = true };
        var quiet = new Option<bool>("--quiet") { Description = "Print only the key." };
        var command = new Command("issue", "Issue a new key for a tenant; the key is shown once.") { tenant, name, quiet };
        command.SetAction((r, ct) => CliRun.Guarded(async () =>
        {
            var t = await FindTenant(settings, r.GetValue(tenant)!, ct);
            var (info, key) = await new ApiKeyAdmin(settings.Admin, TimeProvider.System).IssueAsync(t.Id, r.GetValue(name)!, ct);
            Console.WriteLine(r.GetValue(quiet) ? key : $"issued key {info.Id} (prefix {info.Prefix}) for {t.Slug}\n{key}\nStore it now: it cannot be shown again.");
            return 0;
        }));
        return command;
    }

    private static Command List(CliSettings settings)
    {
        var tenant = new Argument<string>("tenant") { Description = "The tenant's slug." };
        var asJson = new Option<bool>("--json") { Description = "Print a JSON array instead of a table." };
        var command = new Command("list", "List a tenant's keys (never their secrets).") { tenant, asJson };
        command.SetAction((r, ct) => CliRun.Guarded(async () =>
        {
            var t = await FindTenant(settings, r.GetValue(tenant)!, ct);
            var now = DateTimeOffset.UtcNow;
            var keys = await new ApiKeyAdmin(settings.Admin, TimeProvider.System).ListAsync(t.Id, ct);
            static string State(ApiKeyInfo k, DateTimeOffset now) => k.IsActiveAt(now) ? (k.RevokedAt is null ? "active" : "expiring") : "revoked";
            if (r.GetValue(asJson))
            {
                CliJson.Write(json =>
                {
                    json.WriteStartArray();
                    foreach (var k in keys)
                    {
                        CliJson.Key(json, k, State(k, now));
                    }
                    json.WriteEndArray();
                });
                return 0;
            }
            Console.WriteLine($"{"ID",-36} {"PREFIX",-12} {"STATE",-8} {"CREATED",-20} {"LAST USED",-20} {"REVOKED",-20} NAME");
            foreach (var k in keys)
            {
                Console.WriteLine($"{k.Id,-36} {k.Prefix,-12} {State(k, now),-8} {CliRun.When(k.CreatedAt),-20} {CliRun.When(k.LastUsedAt),-20} {CliRun.When(k.RevokedAt),-20} {k.Name}");
            }
            return 0;
        }));
        return command;
    }

    private static Command Rotate(CliSettings settings)
    {
        var key = new Argument<string>("key") { Description = "The key's id or prefix." };
        var grace = GraceOption(60);
        var command = new Command("rotate", "Issue a successor and retire the old key after a grace period.") { key, grace };
        command.SetAction((r, ct) => CliRun.Guarded(async () =>
        {
            var admin = new ApiKeyAdmin(settings.Admin, TimeProvider.System);
            var old = await admin.FindAsync(r.GetValue(key)!, ct) ?? throw new InvalidOperationException($"no key '{r.GetValue(key)}'");
            var rotated = await admin.RotateAsync(old.Id, TimeSpan.FromMinutes(r.GetValue(grace)), ct)
                ?? throw new InvalidOperationException($"key {old.Id} is already revoked; issue a new one instead");
            Console.WriteLine($"issued key {rotated.Info.Id} (prefix {rotated.Info.Prefix}); {old.Prefix} stops working in {r.GetValue(grace)} min\n{rotated.Key}\nStore it now: it cannot be shown again.");
            return 0;
        }));
        return command;
    }

    private static Command Revoke(CliSettings settings)
    {
        var key = new Argument<string>("key") { Description = "The key's id or prefix." };
        var grace = GraceOption(0);
        var command = new Command("revoke", "Revoke a key (API instances stop accepting it within 30 s).") { key, grace };
        command.SetAction((r, ct) => CliRun.Guarded(async () =>
        {
            var admin = new ApiKeyAdmin(settings.Admin, TimeProvider.System);
            var found = await admin.FindAsync(r.GetValue(key)!, ct) ?? throw new InvalidOperationException($"no key '{r.GetValue(key)}'");
            var revoked = await admin.RevokeAsync(found.Id, TimeSpan.FromMinutes(r.GetValue(grace)), ct);
            Console.WriteLine($"key {found.Prefix} revoked as of {CliRun.When(revoked!.RevokedAt)}");
            return 0;
        }));
        return command;
    }

    private static Command Check(CliSettings settings)
    {
        var key = new Argument<string>("key") { Description = "A full API key." };
        var command = new Command("check", "Exit 0 when the key is valid and active, 1 otherwise.") { key };
        command.SetAction((r, ct) => CliRun.Guarded(async () =>
        {
            var presented = r.GetValue(key)!;
            var prefix = ApiKeySecret.PrefixOf(presented) ?? throw new InvalidOperationException("not an API key");
            var admin = new ApiKeyAdmin(settings.Admin, TimeProvider.System);
            var found = await admin.FindAsync(prefix, ct);
            var valid = found is not null && found.IsActiveAt(DateTimeOffset.UtcNow) && await admin.MatchesAsync(found.Id, presented, ct);
            Console.WriteLine(valid ? $"valid: key {found!.Id} of tenant {found.TenantId}" : "invalid");
            return valid ? 0 : 1;
        }));
        return command;
    }

    private static Option<int> GraceOption(int minutes) =>
        new("--grace-minutes") { Description = "Minutes the old key keeps working.", DefaultValueFactory = _ => minutes };

    private static async Task<Tenant> FindTenant(CliSettings settings, string slug, CancellationToken ct) =>
        await new TenantAdmin(settings.Admin).FindAsync(slug, ct) ?? throw new InvalidOperationException(CliRun.NoTenant(slug));
}
