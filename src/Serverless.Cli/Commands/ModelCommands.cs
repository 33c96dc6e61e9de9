using System.CommandLine;
using System.Text.RegularExpressions;
using Serverless.Core.Budgets;
using Serverless.Core.Data;
using Serverless.Core.Routing;
using Serverless.Core.Tenants;

namespace Serverless.Cli.Commands;

/// <summary>Tenants' model tier per task and their semantic cache switch (docs/cost-control.md). Audited as the API's changes are.</summary>
public static class ModelCommands
{
    public static Command Route(CliSettings settings)
    {
        var route = new Command("route", "A tenant's model tier per task, over the routing table in configuration.");

        var setTenant = new Argument<string>("tenant") { Description = "The tenant's slug." };
        var setTask = new Argument<string>("task") { Description = "The task, e.g. drafts.generate." };
        var tier = new Argument<string>("tier") { Description = "The tier, e.g. small or large." };
        var set = new Command("set", "Route a task of the tenant to a tier.") { setTenant, setTask, tier };
        set.SetAction((r, ct) => CliRun.Guarded(async () =>
        {
            var t = await FindTenant(settings, r.GetValue(setTenant)!, ct);
            var task = Checked(r.GetValue(setTask)!, TenantRoutes.TaskPattern, "task", "lowercase words joined by dots, e.g. drafts.generate");
            var chosen = Checked(r.GetValue(tier)!, TenantRoutes.TierPattern, "tier", "a lowercase name, e.g. small");
            await Routes(settings).SetAsync(t.Id, task, chosen, ct);
            Console.WriteLine($"{t.Slug}: {task} → {chosen} (workers pick it up within Llm:Routing:OverrideCacheSeconds)");
            return 0;
        }));

        var clearTenant = new Argument<string>("tenant") { Description = "The tenant's slug." };
        var clearTask = new Argument<string>("task") { Description = "The task whose override to remove." };
        var clear = new Command("clear", "Remove a tenant's override for a task (the routing table applies again).") { clearTenant, clearTask };
        clear.SetAction((r, ct) => CliRun.Guarded(async () =>
        {
            var t = await FindTenant(settings, r.GetValue(clearTenant)!, ct);
            await Routes(settings).SetAsync(t.Id, r.GetValue(clearTask)!, null, ct);
            Console.WriteLine($"{t.Slug}: {r.GetValue(clearTask)} follows the routing table");
            return 0;
        }));

        var showTenant = new Argument<string>("tenant") { Description = "The tenant's slug." };
        var show = new Command("show", "Show a tenant's overrides.") { showTenant };
        show.SetAction((r, ct) => CliRun.Guarded(async () =>
        {
            var t = await FindTenant(settings, r.GetValue(showTenant)!, ct);
            var routes = await Routes(settings).ReadAsync(t.Id, ct);
            if (routes.Count == 0)
            {
                Console.WriteLine($"{t.Slug} has no overrides: every task follows the routing table.");
                return 0;
            }
            Console.WriteLine($"{"TASK",-32} TIER");
            foreach (var (task, chosen) in routes)
            {
                Console.WriteLine($"{task,-32} {chosen}");
            }
            return 0;
        }));

        route.Add(set);
        route.Add(clear);
        route.Add(show);
        return route;
    }

    public static Command Cache(CliSettings settings)
    {
        var cache = new Command("cache", "A tenant's LLM cache settings.");
        var semantic = new Command("semantic", "Turn a tenant's semantic cache on or off, or show it.");
        foreach (var (name, enabled) in new[] { ("on", (bool?)true), ("off", false), ("show", null) })
        {
            var tenant = new Argument<string>("tenant") { Description = "The tenant's slug." };
            var command = new Command(name, enabled switch
            {
                true => "Let the tenant's calls be served from and stored in the semantic cache (where the task allows it).",
                false => "No semantic lookup and nothing stored for the tenant (the exact cache stays).",
                null => "Show the tenant's switch.",
            }) { tenant };
            command.SetAction((r, ct) => CliRun.Guarded(async () =>
            {
                var t = await FindTenant(settings, r.GetValue(tenant)!, ct);
                var store = new TenantLlmSettings(Databases(settings), TimeProvider.System, new RoutingOptions());
                if (enabled is { } value)
                {
                    await store.SetSemanticCacheAsync(t.Id, value, ct);
                }
                Console.WriteLine($"{t.Slug}: semantic cache {(await store.ReadSemanticCacheAsync(t.Id, ct) ? "on" : "off")}");
                return 0;
            }));
            semantic.Add(command);
        }
        cache.Add(semantic);
        return cache;
    }

    private static string Checked(string value, string pattern, string what, string rule) =>
        Regex.IsMatch(value, pattern, RegexOptions.CultureInvariant) ? value : throw new ArgumentException($"The {what} '{value}' is not valid: {rule}.");

    private static Databases Databases(CliSettings settings) => new(settings.Admin, settings.Admin);

    private static TenantRoutes Routes(CliSettings settings) => new(Databases(settings), TimeProvider.System, new RoutingOptions());

    private static async Task<Tenant> FindTenant(CliSettings settings, string slug, CancellationToken ct) =>
        await new TenantAdmin(settings.Admin).FindAsync(slug, ct) ?? throw new InvalidOperationException($"no tenant '{slug}'");
}
