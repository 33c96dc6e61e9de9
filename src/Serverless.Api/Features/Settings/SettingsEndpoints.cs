using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Serverless.Api.Auth;
using Serverless.Api.Errors;
using Serverless.Api.Features.Content;
using Serverless.Api.Platform.OpenApi;
using Serverless.Api.Platform.Regions;
using Serverless.Core.Secrets;
using Serverless.Core.Tenants.Settings;

namespace Serverless.Api.Features.Settings;

/// <summary>
/// <c>/v1/settings</c>: a tenant admin reads and replaces the tenant's own settings (review rules, banned terms,
/// public cache lifetimes, default locale, CORS origins, budget webhook). Optimistic concurrency as for content:
/// <c>If-Match</c> with the ETag read (412 when stale) or <c>version</c> in the body (409), neither is 428. Every
/// change is versioned in the audit log by the database (<c>tenant_settings.updated</c>, before and after); when
/// it takes effect: docs/tenant-settings.md.
/// </summary>
public static class SettingsEndpoints
{
    public static WebApplicationBuilder AddTenantSettings(this WebApplicationBuilder builder)
    {
        builder.Services.AddSecretsAtRest();
        builder.Services.AddSingleton<TenantSettingsStore>();
        builder.Services.AddSingleton<TenantSettingsInvalidator>();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, SettingsJsonContext.Default));
        return builder;
    }

    public static WebApplication MapSettingsEndpoints(this WebApplication app)
    {
        var settings = app.MapGroup("/v1/settings").RequireAuthorization(Policies.ManageTenant).WithTags("Settings");
        settings.MapGet("/", Get).WithName("getSettings").WithSummary("The tenant's settings with their ETag (admin only)");
        settings.MapPut("/", Put).WithName("putSettings").WithSummary("Replace the tenant's settings (admin only)")
            .Declares(409, ProblemTypes.VersionConflict).Declares(412, ProblemTypes.PreconditionFailed)
            .Declares(428, ProblemTypes.PreconditionRequired);
        return app;
    }

    public static async Task<Ok<TenantSettings>> Get(TenantContext tenant, TenantSettingsStore store, HttpContext http, CancellationToken ct)
    {
        var settings = await store.ReadAsync(tenant.TenantId, ct);
        http.Response.Headers.ETag = ETags.For(settings.Version);
        return TypedResults.Ok(settings);
    }

    public static async Task<Results<Ok<TenantSettings>, ValidationProblem, ProblemHttpResult>> Put(
        [FromBody] TenantSettingsRequest request, TenantContext tenant, TenantSettingsStore store, TenantSettingsInvalidator invalidator,
        IHostEnvironment environment, HttpContext http, CancellationToken ct)
    {
        var (change, errors) = TenantSettingsValidator.Validate(request, environment.IsDevelopment());
        if (change is null)
        {
            return Problems.Invalid(errors);
        }
        var ifMatch = ETags.IfMatchVersion(http.Request.Headers.IfMatch);
        int expected;
        if (ifMatch is ETags.Any)
        {
            expected = (await store.ReadAsync(tenant.TenantId, ct)).Version;
        }
        else if ((ifMatch ?? request.Version) is { } version)
        {
            expected = version;
        }
        else
        {
            return Problems.PreconditionRequired();
        }

        var outcome = await store.ReplaceAsync(tenant.TenantId, expected, change, ct);
        switch (outcome.Status)
        {
            case TenantSettingsWriteStatus.VersionConflict:
                return ifMatch is not null ? Problems.PreconditionFailed(outcome.CurrentVersion) : Problems.VersionConflict(outcome.CurrentVersion);
            case TenantSettingsWriteStatus.SecretRequired:
                return Problems.Invalid(new Dictionary<string, string[]>
                {
                    ["budgetWebhookSecret"] = ["Required when the tenant has no webhook secret yet."],
                });
        }
        var settings = outcome.Settings!;
        if (settings.Version != expected)
        {
            var committedAt = await WritePosition.AfterWriteAsync(http, CancellationToken.None);
            await invalidator.SettingsChangedAsync(tenant.TenantId, tenant.TenantSlug, settings.Version, committedAt, CancellationToken.None);
        }
        http.Response.Headers.ETag = ETags.For(settings.Version);
        return TypedResults.Ok(settings);
    }
}

/// <summary>The settings bodies, serialized by generated code (AOT-ready).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TenantSettings))]
[JsonSerializable(typeof(TenantSettingsRequest))]
public sealed partial class SettingsJsonContext : JsonSerializerContext;
