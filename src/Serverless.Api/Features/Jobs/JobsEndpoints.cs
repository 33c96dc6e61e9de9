using Microsoft.AspNetCore.Http.HttpResults;
using Serverless.Api.Auth;
using Serverless.Api.Errors;
using Serverless.Api.Platform.OpenApi;
using Serverless.Core.Jobs;

namespace Serverless.Api.Features.Jobs;

/// <summary><c>/v1/jobs/{id}</c>: where a background job got to, its attempts and its last error.</summary>
public static class JobsEndpoints
{
    public static WebApplication MapJobsEndpoints(this WebApplication app)
    {
        app.MapGroup("/v1/jobs").RequireAuthorization(Policies.ReadJobs).WithTags("Jobs").MapGet("/{id:guid}", Get)
            .WithName("getJob").WithSummary("A background job's status");
        return app;
    }

    public static async Task<Results<Ok<Job>, ProblemHttpResult>> Get(Guid id, TenantContext tenant, JobStore jobs, HttpContext http, CancellationToken ct)
    {
        var job = await jobs.GetAsync(tenant.TenantId, id, ct);
        if (job is null)
        {
            return Problems.NotFound("job");
        }
        // Clients poll this: never let a cache answer for the worker.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(job);
    }
}
