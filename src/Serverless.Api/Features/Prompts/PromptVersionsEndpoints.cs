using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Serverless.Api.Auth;
using Serverless.Api.Errors;
using Serverless.Api.Platform.OpenApi;
using Serverless.Core.Prompts;
using Serverless.Core.Routing;

namespace Serverless.Api.Features.Prompts;

/// <summary>
/// <c>/v1/prompts/{key}/versions</c> and <c>/pin</c>: a tenant admin writes the tenant's own versions of a platform
/// prompt (its newest own version then overrides the platform's for this tenant), lists the versions it may use,
/// and pins one. Versions are immutable; every new version and pin is audited (<c>prompt_version.*</c>,
/// <c>prompt_pin.*</c>). The worker resolves the version for each draft job when it runs (no cache).
/// </summary>
public static partial class PromptVersionsEndpoints
{
    public static WebApplicationBuilder AddPromptVersions(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PromptStore>();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, PromptsJsonContext.Default));
        return builder;
    }

    public static WebApplication MapPromptVersionsEndpoints(this WebApplication app)
    {
        var prompts = app.MapGroup("/v1/prompts").RequireAuthorization(Policies.ManageTenant).WithTags("Prompts");
        prompts.MapGet("/{key}/versions", List).WithName("listPromptVersions")
            .WithSummary("The versions of a prompt this tenant may use, its pin and the version in use (admin only)")
            .Declares(404, ProblemTypes.NotFound);
        prompts.MapPost("/{key}/versions", Create).WithName("createPromptVersion")
            .WithSummary("Add the tenant's own next version of a prompt (admin only)")
            .Declares(404, ProblemTypes.NotFound);
        prompts.MapGet("/{key}/versions/{version:int}", Get).WithName("getPromptVersion")
            .WithSummary("One prompt version: the platform's or the tenant's own (admin only)")
            .Declares(404, ProblemTypes.NotFound);
        prompts.MapPut("/{key}/pin", Pin).WithName("pinPromptVersion")
            .WithSummary("Pin the version the tenant's drafts use, or unpin (admin only)")
            .Declares(404, ProblemTypes.NotFound);
        return app;
    }

    public static async Task<Results<Ok<PromptVersionList>, ProblemHttpResult>> List(string key, TenantContext tenant, PromptStore store, CancellationToken ct) =>
        IsKey(key) && await store.ListAsync(tenant.TenantId, key, ct) is { } list ? TypedResults.Ok(list) : Problems.NotFound("prompt");

    public static async Task<Results<Ok<PromptVersionView>, ProblemHttpResult>> Get(
        string key, int version, TenantContext tenant, PromptStore store, CancellationToken ct) =>
        IsKey(key) && await store.ListAsync(tenant.TenantId, key, ct) is { } list && list.Items.FirstOrDefault(i => i.Version == version) is { } found
            ? TypedResults.Ok(found)
            : Problems.NotFound("prompt version");

    public static async Task<Results<Created<PromptVersionView>, ValidationProblem, ProblemHttpResult>> Create(
        string key, [FromBody] CreatePromptVersionRequest request, TenantContext tenant, PromptStore store, CancellationToken ct)
    {
        if (!IsKey(key))
        {
            return Problems.NotFound("prompt");
        }
        var errors = new Dictionary<string, string[]>();
        Template("systemTemplate", request.SystemTemplate, errors);
        Template("userTemplate", request.UserTemplate, errors);
        if (request.ModelHint is { } hint && !TierRegex().IsMatch(hint))
        {
            errors["modelHint"] = ["A model tier: a lowercase name, e.g. small or large (at most 32 characters)."];
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }
        var outcome = await store.CreateTenantVersionAsync(tenant.TenantId, key, request.SystemTemplate!, request.UserTemplate!, request.ModelHint, tenant.Actor, ct);
        if (outcome.Created is { } created)
        {
            return TypedResults.Created($"/v1/prompts/{key}/versions/{created.Version}", created);
        }
        return outcome.UnknownVariables.Count > 0
            ? Problems.Invalid(new Dictionary<string, string[]>
            {
                ["userTemplate"] = [$"The task does not fill {string.Join(", ", outcome.UnknownVariables.Select(v => $"{{{{{v}}}}}"))}; use only the variables of the platform's version."],
            })
            : Problems.NotFound("prompt");
    }

    public static async Task<Results<Ok<PromptVersionList>, ValidationProblem, ProblemHttpResult>> Pin(
        string key, [FromBody] PinPromptRequest request, TenantContext tenant, PromptStore store, CancellationToken ct)
    {
        if (request.Version is < 1)
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["version"] = ["A version number (1 or more), or null to unpin."] });
        }
        if (!IsKey(key) || await store.ListAsync(tenant.TenantId, key, ct) is null)
        {
            return Problems.NotFound("prompt");
        }
        if (!await store.PinAsync(tenant.TenantId, key, request.Version, ct))
        {
            return Problems.NotFound("prompt version");
        }
        return TypedResults.Ok((await store.ListAsync(tenant.TenantId, key, ct))!);
    }

    private static bool IsKey(string key) => key.Length <= TenantPromptRules.MaxKeyChars && KeyRegex().IsMatch(key);

    private static void Template(string field, string? value, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > TenantPromptRules.MaxTemplateChars)
        {
            errors[field] = [$"Required: 1 to {TenantPromptRules.MaxTemplateChars} characters, not blank."];
        }
    }

    [GeneratedRegex(TenantPromptRules.KeyPattern, RegexOptions.CultureInvariant)]
    private static partial Regex KeyRegex();

    [GeneratedRegex(TenantRoutes.TierPattern, RegexOptions.CultureInvariant)]
    private static partial Regex TierRegex();
}

/// <summary>The prompt bodies, serialized by generated code (AOT-ready).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PromptVersionList))]
[JsonSerializable(typeof(PromptVersionView))]
[JsonSerializable(typeof(CreatePromptVersionRequest))]
[JsonSerializable(typeof(PinPromptRequest))]
public sealed partial class PromptsJsonContext : JsonSerializerContext;
