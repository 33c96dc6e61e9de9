using Microsoft.AspNetCore.Http.HttpResults;
using Serverless.Api.Auth;
using Serverless.Api.Errors;
using Serverless.Api.Platform.OpenApi;
using Serverless.Core.Review;

namespace Serverless.Api.Features.Prompts;

/// <summary>
/// <c>GET /v1/prompts/{key}/versions/{version}/stats</c>: how a prompt version's drafts fared in this
/// tenant's review (docs/review.md explains how to read it). Reviewers and up may read it.
/// </summary>
public static class PromptStatsEndpoints
{
    public static WebApplication MapPromptStatsEndpoints(this WebApplication app)
    {
        app.MapGroup("/v1/prompts").RequireAuthorization(Policies.Review).WithTags("Prompts")
            .MapGet("/{key}/versions/{version:int}/stats", Stats)
            .WithName("getPromptStats").WithSummary("Review outcomes of one prompt version")
            .Declares(404, ProblemTypes.NotFound);
        return app;
    }

    public static async Task<Results<Ok<PromptVersionStats>, ProblemHttpResult>> Stats(
        string key, int version, TenantContext tenant, PromptStatsReader reader, CancellationToken ct) =>
        await reader.ReadAsync(tenant.TenantId, key, version, ct) is { } stats
            ? TypedResults.Ok(stats)
            : Problems.NotFound("prompt version");
}
