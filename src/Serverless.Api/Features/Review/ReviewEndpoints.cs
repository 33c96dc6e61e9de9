using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Serverless.Api.Auth;
using Serverless.Api.Errors;
using Serverless.Api.Features.Drafts;
using Serverless.Api.Features.PublicContent;
using Serverless.Api.Platform.OpenApi;
using Serverless.Api.Platform.Regions;
using Serverless.Core.Content;
using Serverless.Core.Jobs;
using Serverless.Core.Review;

namespace Serverless.Api.Features.Review;

/// <summary>
/// <c>/v1/review</c>: the queue and the reviewer's actions on one draft. Reviewers, editors and admins
/// work the queue (Policies.Review); publishing changes what the public reads, so it takes an editor or
/// admin (Policies.WriteContent), as every other content write does.
/// </summary>
public static class ReviewEndpoints
{
    private const int MaxTitle = ContentRules.MaxTitleChars;
    private const int MaxBodyBytes = ContentRules.MaxBodyBytes;

    /// <summary>The longest comment or feedback a reviewer may write.</summary>
    public const int MaxText = 2000;

    public static WebApplication MapReviewEndpoints(this WebApplication app)
    {
        var review = app.MapGroup("/v1/review/items").RequireAuthorization(Policies.Review).WithTags("Review").WithConsistencyTokens();
        review.MapGet("/", List).WithName("listReviewItems").WithSummary("Drafts in one status, lowest confidence first");
        review.MapGet("/{id:guid}", Get).WithName("getReviewItem").WithSummary("One draft in review, with its diff and history");
        review.MapPost("/{id:guid}/claim", Claim).WithName("claimReviewItem").WithSummary("Claim a draft (a lease)").Declares(409, ReviewProblems.IllegalTransition, ReviewProblems.LeaseConflict);
        review.MapPost("/{id:guid}/release", Release).WithName("releaseReviewItem").WithSummary("Give a claimed draft back").Declares(409, ReviewProblems.IllegalTransition, ReviewProblems.LeaseConflict);
        review.MapPost("/{id:guid}/approve", Approve).WithName("approveReviewItem").WithSummary("Approve a claimed draft, as drafted or edited").Declares(409, ReviewProblems.IllegalTransition, ReviewProblems.LeaseConflict);
        review.MapPost("/{id:guid}/reject", Reject).WithName("rejectReviewItem").WithSummary("Reject a claimed draft with a reason").Declares(409, ReviewProblems.IllegalTransition, ReviewProblems.LeaseConflict);
        review.MapPost("/{id:guid}/regenerate", Regenerate).WithName("regenerateReviewItem").WithSummary("Ask for a new draft with feedback").Declares(409, ReviewProblems.IllegalTransition, ReviewProblems.LeaseConflict);
        review.MapPost("/{id:guid}/publish", Publish).RequireAuthorization(Policies.WriteContent)
            .WithName("publishReviewItem").WithSummary("Publish an approved draft").Declares(409, ReviewProblems.IllegalTransition, ReviewProblems.LeaseConflict);
        return app;
    }

    /// <summary>
    /// One page of the drafts in one status (default: the queue, in_review), lowest confidence first unless
    /// <c>sort</c> says otherwise, filtered by <c>q</c>, <c>type</c> and <c>locale</c>; <c>cursor</c> continues after
    /// the page that gave it. The ETag is a hash of the answer, so a console polling with If-None-Match gets
    /// 304 until something in its page changed.
    /// </summary>
    public static async Task<Results<Ok<ReviewList>, StatusCodeHttpResult, ValidationProblem>> List(
        TenantContext tenant, ReviewStore store, HttpContext http, CancellationToken ct,
        [FromQuery] string? status, [FromQuery] string? limit, [FromQuery] string? sort, [FromQuery] string? cursor,
        [FromQuery] string? q, [FromQuery] string? type, [FromQuery] string? locale)
    {
        var errors = new Dictionary<string, string[]>();
        if (ReviewListQuery.Parse(status, limit, sort, cursor, q, type, locale, errors) is not { } query)
        {
            return Problems.Invalid(errors);
        }
        var (slug, name, page) = await store.ListAsync(tenant.TenantId, query, ct);
        var list = new ReviewList(new ReviewTenant(slug, name), page.Items, page.NextCursor);
        var etag = ListETag.For(list);
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = "private, no-cache";
        return ListETag.Matches(http.Request.Headers.IfNoneMatch, etag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(list);
    }

    public static async Task<Results<Ok<ReviewDetail>, ProblemHttpResult>> Get(Guid id, TenantContext tenant, ReviewStore store, CancellationToken ct) =>
        await store.GetAsync(tenant.TenantId, id, ct) is { } detail ? TypedResults.Ok(detail) : Problems.NotFound("draft in review");

    public static async Task<Results<Ok<ReviewDetail>, ProblemHttpResult>> Claim(Guid id, TenantContext tenant, ReviewStore store, CancellationToken ct) =>
        Answer(await store.ClaimAsync(tenant.TenantId, id, tenant.Actor, ct));

    public static async Task<Results<Ok<ReviewDetail>, ProblemHttpResult>> Release(Guid id, TenantContext tenant, ReviewStore store, CancellationToken ct) =>
        Answer(await store.ReleaseAsync(tenant.TenantId, id, tenant.Actor, ct));

    public static async Task<Results<Ok<ReviewDetail>, ValidationProblem, ProblemHttpResult>> Approve(
        Guid id, [FromBody] ApproveRequest? request, TenantContext tenant, ReviewStore store, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request?.Title is { } title && (string.IsNullOrWhiteSpace(title) || title.Length > MaxTitle))
        {
            errors["title"] = [$"From 1 to {MaxTitle} characters."];
        }
        if (request?.Body is { } body && (string.IsNullOrWhiteSpace(body) || Encoding.UTF8.GetByteCount(body) > MaxBodyBytes))
        {
            errors["body"] = [$"Not empty, and at most {MaxBodyBytes} bytes."];
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }
        var outcome = await store.ApproveAsync(tenant.TenantId, id, tenant.Actor, request?.Title, request?.Body, ct);
        return outcome.Review is { } review ? TypedResults.Ok(review) : ReviewProblems.For(outcome);
    }

    public static async Task<Results<Ok<ReviewDetail>, ValidationProblem, ProblemHttpResult>> Reject(
        Guid id, RejectRequest request, TenantContext tenant, ReviewStore store, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Reason is null || !RejectionReasons.All.Contains(request.Reason))
        {
            errors["reason"] = [$"One of {string.Join(", ", RejectionReasons.All)}."];
        }
        if (request.Comment is { Length: > MaxText })
        {
            errors["comment"] = [$"At most {MaxText} characters."];
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }
        var outcome = await store.RejectAsync(tenant.TenantId, id, tenant.Actor, request.Reason!, request.Comment, ct);
        return outcome.Review is { } review ? TypedResults.Ok(review) : ReviewProblems.For(outcome);
    }

    public static async Task<Results<Ok<ReviewDetail>, ValidationProblem, ProblemHttpResult>> Regenerate(
        Guid id, RegenerateRequest request, TenantContext tenant, ReviewStore store, OutboxRelay relay, OutboxSignal outbox, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Feedback) || request.Feedback.Length > MaxText)
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["feedback"] = [$"From 1 to {MaxText} characters: what should the next draft do differently?"] });
        }
        var outcome = await store.RegenerateAsync(tenant.TenantId, id, tenant.Actor, request.Feedback, ct);
        // The job is committed. Publish it now, as a draft request does: the relays keep off a new job for its
        // lease, so one left to them would wait that long; if SQS is slow or down, a relay sends it later.
        if (outcome.Job is { } job && !await relay.TryPublishAsync(job, DraftsEndpoints.PublishBudget, ct))
        {
            outbox.Notify();
        }
        return outcome.Review is { } review ? TypedResults.Ok(review) : ReviewProblems.For(outcome);
    }

    public static async Task<Results<Ok<ReviewDetail>, ProblemHttpResult>> Publish(
        Guid id, TenantContext tenant, ReviewStore store, PublicContentInvalidator invalidator, HttpContext http, CancellationToken ct)
    {
        var outcome = await store.PublishAsync(tenant.TenantId, id, tenant.Actor, ct);
        if (outcome is { Result: ReviewResult.Done, Content: { } item, TenantSlug: { } slug })
        {
            // Committed: the public caches must hear of it even if the caller has gone.
            var committedAt = await WritePosition.AfterWriteAsync(http, CancellationToken.None);
            await invalidator.ContentChangedAsync(tenant.TenantId, slug, item, committedAt, CancellationToken.None);
        }
        return Answer(outcome);
    }

    private static Results<Ok<ReviewDetail>, ProblemHttpResult> Answer(ReviewOutcome outcome) =>
        outcome is { Result: ReviewResult.Done, Review: { } review } ? TypedResults.Ok(review) : ReviewProblems.For(outcome);
}
