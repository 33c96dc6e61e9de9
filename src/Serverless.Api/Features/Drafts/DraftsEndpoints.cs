using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Serverless.Api.Auth;
using Serverless.Api.Errors;
using Serverless.Api.Platform.OpenApi;
using Serverless.Core.Budgets;
using Serverless.Core.Drafts;
using Serverless.Core.Jobs;

namespace Serverless.Api.Features.Drafts;

/// <summary>
/// <c>/v1/content/{id}/drafts</c>: ask for an AI draft (202: the work happens in the worker, never in
/// the request) and list the drafts made so far.
/// </summary>
public static class DraftsEndpoints
{
    /// <summary>How long a request waits for SQS before leaving its job to the relay.</summary>
    /// <summary>How long a request waits to hand its new job to the queue before leaving it to the relays.</summary>
    public static readonly TimeSpan PublishBudget = TimeSpan.FromSeconds(2);

    public static WebApplication MapDraftsEndpoints(this WebApplication app)
    {
        var drafts = app.MapGroup("/v1/content/{id:guid}/drafts").RequireAuthorization(Policies.ReadContent).WithTags("Drafts");
        drafts.MapPost("/", Request).RequireAuthorization(Policies.RequestDrafts)
            .WithName("requestDraft").WithSummary("Ask for an AI draft of an item (202: a job)")
            .Declares(402, ProblemTypes.BudgetExhausted);
        drafts.MapGet("/", List).WithName("listDrafts").WithSummary("The drafts made for an item");
        return app;
    }

    public static async Task<Results<Accepted<DraftAccepted>, ValidationProblem, ProblemHttpResult>> Request(
        Guid id, [FromBody] RequestDraftRequest? request, TenantContext tenant, DraftRequests requests,
        OutboxRelay relay, OutboxSignal outbox, BudgetLedger budgets, IOptions<ModelCallLimits> limits, CancellationToken ct)
    {
        if (request?.Instructions is { Length: > RequestDraftRequest.MaxInstructions })
        {
            return Problems.Invalid(new Dictionary<string, string[]>
            {
                ["instructions"] = [$"At most {RequestDraftRequest.MaxInstructions} characters."],
            });
        }
        // Refuse at once a draft that could only end budget_exhausted: the worker reserves the prompt's tokens
        // plus the longest answer (Llm:MaxOutputTokens), so a budget whose settled spend leaves less room than
        // that answer alone cannot take the call. Sound, not exact: the prompt's tokens are counted in the worker
        // only, so a budget with room for the answer but not the prompt still queues the job, and the worker
        // ends it budget_exhausted (docs/cost-control.md).
        var least = limits.Value.MaxOutputTokens;
        var blocked = (await budgets.StatusAsync(tenant.TenantId, DraftGenerator.Feature, ct)).FirstOrDefault(b => b.CannotFit(least));
        if (blocked is not null)
        {
            await budgets.AuditRefusalAsync(tenant.TenantId, blocked.Budget.Id, ct);
            return Problems.BudgetExhausted(blocked, least);
        }
        var job = await requests.RequestAsync(tenant.TenantId, tenant.Tier, id, request?.Instructions, ct);
        if (job is null)
        {
            return Problems.NotFound("content item");
        }
        // The job is committed, so the request has succeeded whatever happens next. Publishing now (rather
        // than from a background loop) matters on Lambda, where nothing runs between invocations; if SQS
        // is slow or down the job stays in the outbox and a relay sends it later.
        if (!await relay.TryPublishAsync(job, PublishBudget, ct))
        {
            outbox.Notify();
        }
        var location = $"/v1/jobs/{job.JobId}";
        return TypedResults.Accepted(location, new DraftAccepted(job.JobId, JobStatus.Pending, location, $"/v1/content/{id}/drafts"));
    }

    public static async Task<Results<Ok<DraftList>, ProblemHttpResult>> List(
        Guid id, TenantContext tenant, DraftStore store, CancellationToken ct)
    {
        var drafts = await store.ListAsync(tenant.TenantId, id, ct);
        return drafts is null ? Problems.NotFound("content item") : TypedResults.Ok(new DraftList(drafts));
    }
}
