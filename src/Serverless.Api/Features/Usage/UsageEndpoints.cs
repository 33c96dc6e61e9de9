using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Serverless.Api.Auth;
using Serverless.Api.Errors;
using Serverless.Core.Budgets;
using Serverless.Core.Configuration;
using Serverless.Core.Data;

namespace Serverless.Api.Features.Usage;

/// <summary>
/// <c>GET /v1/usage?from=&amp;to=&amp;groupBy=day|model|task</c>: the tenant's model usage and cost from the
/// ledger, with its budgets in the current period (docs/cost-control.md). For tenant admins.
/// </summary>
public static class UsageEndpoints
{
    public static WebApplicationBuilder AddUsage(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<UsageReports>();
        // The ledger also answers the drafts' budget check (DraftsEndpoints), which needs the worker's longest
        // answer: the same key the worker reads (Llm:MaxOutputTokens), so both hosts agree by default.
        builder.Services.AddSingleton<BudgetLedger>();
        builder.Services.AddClosedOptions<ModelCallLimits>()
            .BindConfiguration(ModelCallLimits.Section)
            .Validate(o => o.MaxOutputTokens >= 1, "Llm:MaxOutputTokens must be at least 1.")
            .ValidateOnStart();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, UsageApiJsonContext.Default));
        return builder;
    }

    public static WebApplication MapUsageEndpoints(this WebApplication app)
    {
        app.MapGroup("/v1/usage").RequireAuthorization(Policies.ReadUsage).WithTags("Usage").MapGet("/", Report)
            .WithName("getUsage").WithSummary("The tenant's model usage and cost, with budgets (admin only)");
        return app;
    }

    public static async Task<Results<Ok<UsageReport>, ValidationProblem>> Report(
        TenantContext tenant, UsageReports reports, Databases databases, TimeProvider time, CancellationToken ct,
        [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? groupBy)
    {
        var errors = new Dictionary<string, string[]>();
        var now = time.GetUtcNow();
        var fromTime = Time(from, "from", errors) ?? BudgetPeriod.StartOf(now);
        var toTime = Time(to, "to", errors) ?? now;
        var grouping = UsageGrouping.Day;
        if (groupBy is not null && !TryGrouping(groupBy, out grouping))
        {
            errors["groupBy"] = ["One of day, model, task."];
        }
        if (errors.Count == 0 && toTime <= fromTime)
        {
            errors["to"] = ["Must be after 'from'."];
        }
        if (errors.Count == 0 && toTime - fromTime > UsageReports.MaxWindow)
        {
            errors["from"] = [$"A report covers at most {UsageReports.MaxWindow.TotalDays:0} days."];
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }
        return TypedResults.Ok(await reports.ForTenantAsync(databases, tenant.TenantId, fromTime, toTime, grouping, ct));
    }

    public static bool TryGrouping(string value, out UsageGrouping grouping)
    {
        grouping = value switch
        {
            "day" => UsageGrouping.Day,
            "model" => UsageGrouping.Model,
            "task" => UsageGrouping.Task,
            _ => (UsageGrouping)(-1),
        };
        return Enum.IsDefined(grouping);
    }

    private static DateTimeOffset? Time(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return null;
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time.ToUniversalTime();
        }
        errors[field] = ["An ISO 8601 date or time, e.g. 2026-11-01 or 2026-11-26T10:00:00Z."];
        return null;
    }
}

/// <summary>The usage report, serialized by generated code (AOT-ready).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(UsageReport))]
public sealed partial class UsageApiJsonContext : JsonSerializerContext;
