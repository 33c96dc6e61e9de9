using System.CommandLine;
using Serverless.Core.Tenants;

namespace Serverless.Cli.Commands;

/// <summary><c>cors set|show</c>: the origins a tenant's browser front ends are served from (the API answers their preflights).</summary>
public static class CorsCommands
{
    public static Command Create(CliSettings settings)
    {
        var cors = new Command("cors", "The browser origins a tenant's front ends call the API from (takes effect within Cors:RefreshSeconds, 60 s).");

        var slug = new Argument<string>("slug") { Description = "The tenant's slug." };
        var origins = new Argument<string[]>("origin") { Description = "Origins such as https://app.example.com; none clears the list.", Arity = ArgumentArity.ZeroOrMore };
        var set = new Command("set", "Replace the tenant's allowed origins.") { slug, origins };
        set.SetAction((r, ct) => CliRun.Guarded(async () =>
        {
            var stored = await new TenantCors(settings.Admin).SetAsync(r.GetValue(slug)!, r.GetValue(origins) ?? [], $"operator:{Environment.UserName}", ct);
            Console.WriteLine(stored.Count == 0 ? "no origins: browsers are refused" : $"allowed: {string.Join(", ", stored)}");
            return 0;
        }));

        var showSlug = new Argument<string>("slug") { Description = "The tenant's slug." };
        var show = new Command("show", "Show the tenant's allowed origins.") { showSlug };
        show.SetAction((r, ct) => CliRun.Guarded(async () =>
        {
            var stored = await new TenantCors(settings.Admin).GetAsync(r.GetValue(showSlug)!, ct);
            Console.WriteLine(stored.Count == 0 ? "no origins: browsers are refused" : string.Join('\n', stored));
            return 0;
        }));

        cors.Add(set);
        cors.Add(show);
        return cors;
    }
}
