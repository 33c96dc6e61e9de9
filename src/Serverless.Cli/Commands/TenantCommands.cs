using System.CommandLine;
using Serverless.Core.Tenants;

namespace Serverless.Cli.Commands;

public static class TenantCommands
{
    public static Command Create(CliSettings settings)
    {
        var tenants = new Command("tenant", "Create and inspect tenants.");

        var slug = new Argument<string>("slug") { Description = "The tenant's unique slug, e.g. acme." };
        var name = new Option<string>("--name") { Description = "Display name.", Required = true };
        var tier = new Option<string>("--tier") { Description = $"One of {string.Join(", ", TenantTiers.All)}.", DefaultValueFactory = _ => "standard" };
        var create = new Command("create", "Create a tenant.") { slug, name, tier };
        create.SetAction((r, ct) => CliRun.Guarded(async () =>
        {
            var tenant = await new TenantAdmin(settings.Admin).CreateAsync(r.GetValue(slug)!, r.GetValue(name)!, r.GetValue(tier)!, ct);
            Console.WriteLine($"created tenant {tenant.Slug} ({tenant.Id}), tier {tenant.Tier}");
            return 0;
        }));

        var listJson = new Option<bool>("--json") { Description = "Print a JSON array instead of a table." };
        var list = new Command("list", "List every tenant.") { listJson };
        list.SetAction((r, ct) => CliRun.Guarded(async () =>
        {
            var all = await new TenantAdmin(settings.Admin).ListAsync(ct);
            if (r.GetValue(listJson))
            {
                CliJson.Write(json =>
                {
                    json.WriteStartArray();
                    foreach (var t in all)
                    {
                        CliJson.Tenant(json, t);
                    }
                    json.WriteEndArray();
                });
                return 0;
            }
            Console.WriteLine($"{"SLUG",-24} {"TIER",-9} {"ID",-36} NAME");
            foreach (var t in all)
            {
                Console.WriteLine($"{t.Slug,-24} {t.Tier,-9} {t.Id,-36} {t.Name}");
            }
            return 0;
        }));

        var showSlug = new Argument<string>("slug");
        var showJson = new Option<bool>("--json") { Description = "Print a JSON object instead of lines." };
        var show = new Command("show", "Show one tenant (exit code 1 when it does not exist).") { showSlug, showJson };
        show.SetAction((r, ct) => CliRun.Guarded(async () =>
        {
            var tenant = await new TenantAdmin(settings.Admin).FindAsync(r.GetValue(showSlug)!, ct)
                ?? throw new InvalidOperationException(CliRun.NoTenant(r.GetValue(showSlug)!));
            if (r.GetValue(showJson))
            {
                CliJson.Write(json => CliJson.Tenant(json, tenant));
                return 0;
            }
            Console.WriteLine($"slug: {tenant.Slug}\nid: {tenant.Id}\nname: {tenant.Name}\ntier: {tenant.Tier}\ncreated: {CliRun.When(tenant.CreatedAt)}");
            return 0;
        }));

        tenants.Add(create);
        tenants.Add(list);
        tenants.Add(show);
        tenants.Add(Update(settings));
        tenants.Add(Suspend(settings));
        tenants.Add(Resume(settings));
        tenants.Add(Export(settings));
        tenants.Add(Offboard(settings));
        return tenants;
    }

    /// <summary>Who the operator audit names: the operating system user running the CLI.</summary>
    private static string Actor => $"operator:{Environment.UserName}";

    private static Command Update(CliSettings settings)
    {
        var slug = new Argument<string>("slug");
        var name = new Option<string?>("--name") { Description = "A new display name." };
        var tier = new Option<string?>("--tier") { Description = $"A new tier: one of {string.Join(", ", TenantTiers.All)}." };
        var json = new Option<string?>("--settings") { Description = "A JSON merge patch over the tenant's settings: keys given replace, null removes one; checked before it is written." };
        var update = new Command("update", "Change a tenant's name, tier or settings (recorded in the operator audit).") { slug, name, tier, json };
        update.SetAction((r, ct) => CliRun.Guarded(async () =>
        {
            var tenant = await new TenantLifecycle(settings.Admin).UpdateAsync(r.GetValue(slug)!, r.GetValue(name), r.GetValue(tier), r.GetValue(json), Actor, ct);
            Console.WriteLine($"updated tenant {tenant.Slug}: name {tenant.Name}, tier {tenant.Tier}");
            return 0;
        }));
        return update;
    }

    private static Command Suspend(CliSettings settings)
    {
        var slug = new Argument<string>("slug");
        var reason = new Option<string>("--reason") { Description = "Why (kept in the operator audit).", Required = true };
        var suspend = new Command("suspend", "Refuse the tenant's keys and tokens, hide its public pages and pause its jobs.") { slug, reason };
        suspend.SetAction((r, ct) => CliRun.Guarded(async () =>
        {
            var tenant = await new TenantLifecycle(settings.Admin).SuspendAsync(r.GetValue(slug)!, r.GetValue(reason)!, Actor, ct);
            Console.WriteLine($"suspended {tenant.Slug}: every API instance refuses it within {SuspensionBoundSeconds} s");
            return 0;
        }));
        return suspend;
    }

    private static Command Resume(CliSettings settings)
    {
        var slug = new Argument<string>("slug");
        var resume = new Command("resume", "Undo a suspension; the tenant's paused jobs are published again.") { slug };
        resume.SetAction((r, ct) => CliRun.Guarded(async () =>
        {
            var tenant = await new TenantLifecycle(settings.Admin).ResumeAsync(r.GetValue(slug)!, Actor, ct);
            Console.WriteLine($"resumed {tenant.Slug}: every API instance admits it again within {SuspensionBoundSeconds} s");
            return 0;
        }));
        return resume;
    }

    /// <summary>The API's suspension cache (SuspendedTenants.CacheFor) plus replica lag, rounded up; docs/tenants.md.</summary>
    private const int SuspensionBoundSeconds = 15;

    private static Command Export(CliSettings settings)
    {
        var slug = new Argument<string>("slug");
        var output = new Option<string>("--out") { Description = "The zip file to write (one NDJSON file per table).", Required = true };
        var export = new Command("export", "Export every row of a tenant as NDJSON in a zip, with progress on stderr.") { slug, output };
        export.SetAction((r, ct) => CliRun.Guarded(async () =>
        {
            var (counts, sha256) = await ExportToFileAsync(settings, r.GetValue(slug)!, r.GetValue(output)!, ct);
            Console.WriteLine($"exported {counts.Values.Sum()} rows from {counts.Count} tables to {r.GetValue(output)} (sha256 {sha256})");
            return 0;
        }));
        return export;
    }

    private static Command Offboard(CliSettings settings)
    {
        var slug = new Argument<string>("slug");
        var output = new Option<string>("--export") { Description = "Where the export taken first is written.", Required = true };
        var confirm = new Option<string>("--confirm") { Description = "The slug again: offboarding deletes every row of the tenant.", Required = true };
        var offboard = new Command("offboard", "Export a tenant, then delete every row of it (verified by a count over every tenant-owned table).") { slug, output, confirm };
        offboard.SetAction((r, ct) => CliRun.Guarded(async () =>
        {
            var tenant = r.GetValue(slug)!;
            if (r.GetValue(confirm) != tenant)
            {
                throw new ArgumentException($"--confirm must repeat the slug '{tenant}'");
            }
            var (exported, sha256) = await ExportToFileAsync(settings, tenant, r.GetValue(output)!, ct);
            Console.Error.WriteLine($"exported {exported.Values.Sum()} rows to {r.GetValue(output)}; deleting");
            var left = await new TenantLifecycle(settings.Admin).OffboardAsync(tenant, Actor, sha256, line => Console.Error.WriteLine(line), ct);
            Console.WriteLine($"offboarded {tenant}: 0 rows left in {left.Count} tenant-owned tables (counted: {string.Join(", ", left.Select(l => $"{l.Key}={l.Value}"))})");
            return 0;
        }));
        return offboard;
    }

    private static async Task<(IReadOnlyDictionary<string, long> Counts, string Sha256)> ExportToFileAsync(CliSettings settings, string slug, string path, CancellationToken ct)
    {
        IReadOnlyDictionary<string, long> counts;
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            counts = await new TenantLifecycle(settings.Admin).ExportAsync(slug, file, Actor, line => Console.Error.WriteLine(line), ct);
        }
        await using var written = File.OpenRead(path);
        var sha256 = Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(written, ct));
        return (counts, sha256);
    }
}
