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
        return tenants;
    }
}
