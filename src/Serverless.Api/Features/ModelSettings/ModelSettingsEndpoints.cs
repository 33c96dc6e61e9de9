using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Serverless.Api.Auth;
using Serverless.Api.Errors;
using Serverless.Core.Budgets;
using Serverless.Core.Configuration;
using Serverless.Core.Routing;

namespace Serverless.Api.Features.ModelSettings;

/// <summary>
/// <c>/v1/llm/settings</c>: a tenant admin reads and replaces the tenant's model settings, the semantic cache
/// switch and the tier overrides per task (docs/cost-control.md). Every change is audited by the tables'
/// triggers (<c>llm_settings.*</c>, <c>llm_route.*</c>); workers see it within <c>Llm:Routing:OverrideCacheSeconds</c>.
/// </summary>
public static partial class ModelSettingsEndpoints
{
    public static WebApplicationBuilder AddModelSettings(this WebApplicationBuilder builder)
    {
        builder.Services.AddClosedOptions<RoutingOptions>().BindConfiguration(RoutingOptions.Section);
        builder.Services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<RoutingOptions>>().Value);
        builder.Services.AddSingleton<TenantRoutes>();
        builder.Services.AddSingleton<TenantLlmSettings>();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ModelSettingsJsonContext.Default));
        return builder;
    }

    public static WebApplication MapModelSettingsEndpoints(this WebApplication app)
    {
        var settings = app.MapGroup("/v1/llm/settings").RequireAuthorization(Policies.ManageModel).WithTags("Model settings");
        settings.MapGet("/", Get).WithName("getModelSettings").WithSummary("The tenant's semantic cache switch and model tier per task (admin only)");
        settings.MapPut("/", Put).WithName("putModelSettings").WithSummary("Replace the tenant's semantic cache switch and model tier overrides (admin only)");
        return app;
    }

    public static async Task<Ok<ModelSettings>> Get(TenantContext tenant, TenantRoutes routes, TenantLlmSettings settings, CancellationToken ct) =>
        TypedResults.Ok(new ModelSettings(await settings.ReadSemanticCacheAsync(tenant.TenantId, ct), await routes.ReadAsync(tenant.TenantId, ct)));

    public static async Task<Results<Ok<ModelSettings>, ValidationProblem>> Put(
        [FromBody] ModelSettingsRequest request, TenantContext tenant, TenantRoutes routes, TenantLlmSettings settings, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.SemanticCache is null)
        {
            errors["semanticCache"] = ["Required: true or false."];
        }
        if (request.Routes is not { } wanted)
        {
            errors["routes"] = ["Required: an object of task → tier ({} for none)."];
        }
        else
        {
            if (wanted.Count > ModelSettingsRequest.MaxRoutes)
            {
                errors["routes"] = [$"At most {ModelSettingsRequest.MaxRoutes} tasks."];
            }
            foreach (var (task, tier) in wanted)
            {
                if (task.Length > TenantRoutes.MaxTaskChars || !TaskRegex().IsMatch(task))
                {
                    errors[$"routes.{task}"] = ["A task is lowercase words joined by dots, e.g. drafts.generate."];
                }
                else if (tier is null || !TierRegex().IsMatch(tier))
                {
                    errors[$"routes.{task}"] = ["A tier is a lowercase name, e.g. small or large (at most 32 characters)."];
                }
            }
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }
        await routes.ReplaceAsync(tenant.TenantId, request.Routes!, ct);
        await settings.SetSemanticCacheAsync(tenant.TenantId, request.SemanticCache!.Value, ct);
        return TypedResults.Ok(new ModelSettings(request.SemanticCache.Value, await routes.ReadAsync(tenant.TenantId, ct)));
    }

    [GeneratedRegex(TenantRoutes.TaskPattern, RegexOptions.CultureInvariant)]
    private static partial Regex TaskRegex();

    [GeneratedRegex(TenantRoutes.TierPattern, RegexOptions.CultureInvariant)]
    private static partial Regex TierRegex();
}

/// <summary>The settings bodies, serialized by generated code (AOT-ready).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ModelSettings))]
[JsonSerializable(typeof(ModelSettingsRequest))]
public sealed partial class ModelSettingsJsonContext : JsonSerializerContext;
