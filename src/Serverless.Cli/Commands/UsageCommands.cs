using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Serverless.Core.Budgets;
using Serverless.Core.Data;
using Serverless.Core.Tenants;

namespace Serverless.Cli.Commands;

/// <summary>Tenants' model budgets, and usage and cost across tenants from the ledger (docs/cost-control.md).</summary>
public static class UsageCommands
{
    public static Command Budget(CliSettings settings)
    {
        var budget = new Command("budget", "Set and show tenants' model budgets (tokens and/or USD per calendar month).");

        var tenant = new Argument<string>("tenant") { Description = "The tenant's slug." };
        var feature = new Option<string>("--feature") { Description = "One feature (e.g. drafts.generate), or * for all.", DefaultValueFactory = _ => Core.Budgets.Budget.AllFeatures };
        var tokens = new Option<long?>("--tokens") { Description = "Token limit per month." };
        var usd = new Option<decimal?>("--usd") { Description = "Cost limit per month in USD, e.g. 25.50." };
        var warn = new Option<string>("--warn") { Description = "Warning thresholds in percent, comma-separated.", DefaultValueFactory = _ => "80,100" };
        var whenExhausted = new Option<string>("--when-exhausted") { Description = "refuse (default) or downgrade (let the router choose a smaller model).", DefaultValueFactory = _ => "refuse" };
        var set = new Command("set", "Create or replace a tenant's budget.") { tenant, feature, tokens, usd, warn, whenExhausted };
        set.SetAction((r, ct) => CliRun.Guarded(async () =>
        {
            var t = await FindTenant(settings, r.GetValue(tenant)!, ct);
            var policy = r.GetValue(whenExhausted) switch
            {
                "refuse" => WhenExhausted.Refuse,
                "downgrade" => WhenExhausted.Downgrade,
                var other => throw new ArgumentException($"--when-exhausted must be refuse or downgrade, not '{other}'."),
            };
            var thresholds = r.GetValue(warn)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(p => int.TryParse(p, CultureInfo.InvariantCulture, out var v) ? v : throw new ArgumentException($"--warn: '{p}' is not a whole percentage."))
                .ToList();
            long? micros = r.GetValue(usd) is { } dollars ? (long)Math.Round(dollars * 1_000_000m) : null;
            var saved = await Ledger(settings).SetAsync(t.Id, r.GetValue(feature)!, r.GetValue(tokens), micros, thresholds, policy, ct);
            Console.WriteLine($"budget for {t.Slug} ({saved.Feature}): {MonthlyLimits(saved.TokenLimit, saved.CostLimitMicros)}; warn at {string.Join(", ", saved.WarnAtPercent)} %; when exhausted: {r.GetValue(whenExhausted)}");
            return 0;
        }));

        var showTenant = new Argument<string>("tenant") { Description = "The tenant's slug." };
        var show = new Command("show", "Show a tenant's budgets in the current month.") { showTenant };
        show.SetAction((r, ct) => CliRun.Guarded(async () =>
        {
            var t = await FindTenant(settings, r.GetValue(showTenant)!, ct);
            var statuses = await Ledger(settings).StatusAsync(t.Id, Core.Budgets.Budget.AllFeatures, ct);
            if (statuses.Count == 0)
            {
                Console.WriteLine($"{t.Slug} has no budget: model calls are not limited.");
                return 0;
            }
            Console.WriteLine($"{"FEATURE",-20} {"TOKENS USED/LIMIT",-28} {"USD USED/LIMIT",-24} {"RESERVED",-10} PERIOD");
            foreach (var s in statuses)
            {
                Console.WriteLine($"{s.Budget.Feature,-20} {$"{s.SettledTokens}/{Limit(s.Budget.TokenLimit, "")}",-28} {$"{Usd(s.SettledMicros)}/{Limit(s.Budget.CostLimitMicros, "", usd: true)}",-24} {s.ReservedTokens,-10} {s.PeriodStart:yyyy-MM}");
            }
            return 0;
        }));

        budget.Add(set);
        budget.Add(show);
        budget.Add(Webhook(settings));
        return budget;
    }

    /// <summary><c>budget webhook set|clear|show</c>: where a tenant's budget warnings are sent, signed with a secret shown once.</summary>
    private static Command Webhook(CliSettings settings)
    {
        var webhook = new Command("webhook", "A tenant's budget warning webhook (signed POSTs, once per threshold and month).");
        var setTenant = new Argument<string>("tenant") { Description = "The tenant's slug." };
        var url = new Argument<string>("url") { Description = "An https URL (plain http only to this machine)." };
        var set = new Command("set", "Set the webhook and make a new signing secret (printed once).") { setTenant, url };
        set.SetAction((r, ct) => CliRun.Guarded(async () =>
        {
            var t = await FindTenant(settings, r.GetValue(setTenant)!, ct);
            if (!Uri.TryCreate(r.GetValue(url), UriKind.Absolute, out var target))
            {
                throw new ArgumentException($"'{r.GetValue(url)}' is not an absolute URL.");
            }
            var secret = await Webhooks(settings).SetAsync(t.Id, target, ct);
            Console.WriteLine($"budget warnings of {t.Slug} go to {target.AbsoluteUri}");
            Console.WriteLine($"signing secret (shown once; check Serverless-Signature with it): {secret}");
            return 0;
        }));
        var clearTenant = new Argument<string>("tenant") { Description = "The tenant's slug." };
        var clear = new Command("clear", "Remove the webhook (warnings still go to the audit log and metrics).") { clearTenant };
        clear.SetAction((r, ct) => CliRun.Guarded(async () =>
        {
            var t = await FindTenant(settings, r.GetValue(clearTenant)!, ct);
            await Webhooks(settings).ClearAsync(t.Id, ct);
            Console.WriteLine($"{t.Slug} has no budget webhook");
            return 0;
        }));
        var showTenant = new Argument<string>("tenant") { Description = "The tenant's slug." };
        var show = new Command("show", "Show the webhook URL (never the secret).") { showTenant };
        show.SetAction((r, ct) => CliRun.Guarded(async () =>
        {
            var t = await FindTenant(settings, r.GetValue(showTenant)!, ct);
            Console.WriteLine($"{t.Slug}: {await Webhooks(settings).UrlAsync(t.Id, ct) ?? "no budget webhook"}");
            return 0;
        }));
        webhook.Add(set);
        webhook.Add(clear);
        webhook.Add(show);
        return webhook;
    }

    private static BudgetWebhooks Webhooks(CliSettings settings) => new(new Databases(settings.Admin, settings.Admin), settings.Sealer);

    public static Command Usage(CliSettings settings)
    {
        var usage = new Command("usage", "Model usage and cost from the ledger.");
        var tenant = new Option<string?>("--tenant") { Description = "One tenant's slug (default: every tenant)." };
        var from = new Option<string?>("--from") { Description = "Start (ISO 8601 date or time, UTC); default: the start of this month." };
        var to = new Option<string?>("--to") { Description = "End, exclusive; default: now." };
        var by = new Option<string>("--by") { Description = "Group by day, model or task.", DefaultValueFactory = _ => "day" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var report = new Command("report", "Usage, provider cost and cache savings per tenant, with budgets.") { tenant, from, to, by, json };
        report.SetAction((r, ct) => CliRun.Guarded(async () =>
        {
            var now = DateTimeOffset.UtcNow;
            var grouping = r.GetValue(by) switch
            {
                "day" => UsageGrouping.Day,
                "model" => UsageGrouping.Model,
                "task" => UsageGrouping.Task,
                var other => throw new ArgumentException($"--by must be day, model or task, not '{other}'."),
            };
            Guid? tenantId = r.GetValue(tenant) is { } slug ? (await FindTenant(settings, slug, ct)).Id : null;
            var result = await new UsageReports(TimeProvider.System).AcrossTenantsAsync(
                settings.Admin, tenantId, Time(r.GetValue(from), "--from") ?? BudgetPeriod.StartOf(now), Time(r.GetValue(to), "--to") ?? now, grouping, ct);
            if (r.GetValue(json))
            {
                WriteJson(result);
            }
            else
            {
                WriteTable(result);
            }
            return 0;
        }));
        usage.Add(report);
        return usage;
    }

    private static void WriteTable(UsageReport report)
    {
        Console.WriteLine($"usage {report.From:yyyy-MM-dd HH:mm}Z to {report.To:yyyy-MM-dd HH:mm}Z by {report.GroupBy}");
        Console.WriteLine($"{"TENANT",-20} {report.GroupBy.ToUpperInvariant(),-24} {"CALLS",7} {"HITS",6} {"IN",10} {"OUT",10} {"COST USD",12} {"SAVED USD",12}");
        foreach (var row in report.Rows)
        {
            Console.WriteLine($"{row.Tenant,-20} {row.Key,-24} {row.Calls,7} {row.CacheHits,6} {row.InputTokens,10} {row.OutputTokens,10} {row.ProviderCostUsd,12:0.000000} {row.SavedUsd,12:0.000000}");
        }
        if (report.Rows.Count == 0)
        {
            Console.WriteLine("(no model calls in this window)");
        }
        Console.WriteLine();
        Console.WriteLine($"{"TENANT",-20} {"BUDGET",-20} {"TOKENS SPENT",12} {"RESERVED",10} {"REMAINING",12} {"USD SPENT",12} {"USD LEFT",12}");
        foreach (var b in report.Budgets)
        {
            Console.WriteLine($"{b.Tenant,-20} {b.Feature,-20} {b.SpentTokens,12} {b.ReservedTokens,10} {b.RemainingTokens?.ToString(CultureInfo.InvariantCulture) ?? "-",12} {b.SpentUsd,12:0.000000} {b.RemainingUsd?.ToString("0.000000", CultureInfo.InvariantCulture) ?? "-",12}");
        }
    }

    private static void WriteJson(UsageReport report)
    {
        using var stdout = Console.OpenStandardOutput();
        using var w = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("from", report.From);
        w.WriteString("to", report.To);
        w.WriteString("groupBy", report.GroupBy);
        w.WriteStartArray("rows");
        foreach (var row in report.Rows)
        {
            w.WriteStartObject();
            w.WriteString("tenant", row.Tenant);
            w.WriteString("key", row.Key);
            w.WriteNumber("calls", row.Calls);
            w.WriteNumber("cacheHits", row.CacheHits);
            w.WriteNumber("inputTokens", row.InputTokens);
            w.WriteNumber("outputTokens", row.OutputTokens);
            w.WriteNumber("providerCostUsd", row.ProviderCostUsd);
            w.WriteNumber("savedTokens", row.SavedTokens);
            w.WriteNumber("savedUsd", row.SavedUsd);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("budgets");
        foreach (var b in report.Budgets)
        {
            w.WriteStartObject();
            w.WriteString("tenant", b.Tenant);
            w.WriteString("feature", b.Feature);
            Number(w, "tokenLimit", b.TokenLimit);
            w.WriteNumber("spentTokens", b.SpentTokens);
            w.WriteNumber("reservedTokens", b.ReservedTokens);
            Number(w, "remainingTokens", b.RemainingTokens);
            Number(w, "costLimitUsd", b.CostLimitUsd);
            w.WriteNumber("spentUsd", b.SpentUsd);
            w.WriteNumber("reservedUsd", b.ReservedUsd);
            Number(w, "remainingUsd", b.RemainingUsd);
            w.WriteString("periodStart", b.PeriodStart);
            w.WriteString("periodEnd", b.PeriodEnd);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
        stdout.WriteByte((byte)'\n');
    }

    private static void Number(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v) { w.WriteNumber(name, v); } else { w.WriteNull(name); }
    }

    private static void Number(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v) { w.WriteNumber(name, v); } else { w.WriteNull(name); }
    }

    private static DateTimeOffset? Time(string? value, string option) =>
        value is null ? null
        : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.ToUniversalTime()
        : throw new ArgumentException($"{option}: '{value}' is not an ISO 8601 date or time (e.g. 2026-11-01).");

    /// <summary>"1000 tokens and 2.50 USD a month", or one of them with the other named as unlimited.</summary>
    private static string MonthlyLimits(long? tokens, long? micros) => (tokens, micros) switch
    {
        ({ } t, { } m) => $"{t.ToString(CultureInfo.InvariantCulture)} tokens and {Usd(m)} USD a month",
        ({ } t, null) => $"{t.ToString(CultureInfo.InvariantCulture)} tokens a month (no USD limit)",
        (null, { } m) => $"{Usd(m)} USD a month (no token limit)",
        _ => "no limit",
    };

    private static string Limit(long? value, string unit, bool usd = false) =>
        value is not { } v ? "no limit" : usd ? $"{Usd(v)}{unit}" : $"{v.ToString(CultureInfo.InvariantCulture)}{unit}";

    private static string Usd(long micros) => (micros / 1_000_000m).ToString("0.00####", CultureInfo.InvariantCulture);

    private static BudgetLedger Ledger(CliSettings settings) => new(new Databases(settings.Admin, settings.Admin), TimeProvider.System);

    private static async Task<Tenant> FindTenant(CliSettings settings, string slug, CancellationToken ct) =>
        await new TenantAdmin(settings.Admin).FindAsync(slug, ct) ?? throw new InvalidOperationException(CliRun.NoTenant(slug));
}
