using Microsoft.AspNetCore.Http.HttpResults;
using Serverless.Api.Errors;
using Serverless.Core.Review;

namespace Serverless.Api.Features.Review;

/// <summary>
/// Review's refusals as Problem Details: 409 for a transition the draft's status forbids, and 409 with its
/// own type for a lease problem (someone else holds the draft, or the caller has not claimed it), so the
/// console can tell "reload, it moved on" from "claim it first".
/// </summary>
public static class ReviewProblems
{
    public const string IllegalTransition = "urn:serverless:problem:illegal-transition";
    public const string LeaseConflict = "urn:serverless:problem:lease-conflict";

    public static ProblemHttpResult For(ReviewOutcome outcome) => outcome.Result switch
    {
        ReviewResult.IllegalTransition => TypedResults.Problem(
            statusCode: 409, type: IllegalTransition, title: "Not allowed in this state", detail: outcome.Detail),
        ReviewResult.LeaseConflict => TypedResults.Problem(
            statusCode: 409, type: LeaseConflict, title: "Lease conflict", detail: outcome.Detail),
        _ => Problems.NotFound("draft in review"),
    };
}
