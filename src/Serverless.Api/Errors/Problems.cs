using Microsoft.AspNetCore.Http.HttpResults;

namespace Serverless.Api.Errors;

/// <summary>Problem Details results the endpoints return, each with a stable type.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: 404, type: ProblemTypes.NotFound, title: "Not found", detail: $"No {what} with that id.");

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation, title: "The request is not valid.");

    public static ProblemHttpResult TooLarge(IDictionary<string, string[]> errors) =>
        TypedResults.Problem(
            statusCode: 413, type: ProblemTypes.TooLarge, title: "Too large",
            detail: "A field is over its size limit.",
            extensions: new Dictionary<string, object?> { ["errors"] = errors });

    /// <summary>
    /// 402: the tenant's model budget for this period is spent, or its settled spend leaves less room than
    /// <paramref name="leastTokens"/>, the least any draft's call reserves; nothing was queued.
    /// </summary>
    public static ProblemHttpResult BudgetExhausted(Serverless.Core.Budgets.BudgetStatus status, long leastTokens)
    {
        var tokens = status.ShortOfTokens(leastTokens);
        var whose = status.Budget.Feature == "*" ? "tenant's" : $"'{status.Budget.Feature}'";
        var left = status.TokensLeftAfterSettled ?? 0;
        var why = tokens && left > 0
            ? $"has {left} tokens left, and a draft reserves at least {leastTokens} (its longest answer) before it runs"
            : $"is spent ({(tokens ? "tokens" : "cost")})";
        var extensions = new Dictionary<string, object?>
        {
            ["budgetId"] = status.Budget.Id,
            ["feature"] = status.Budget.Feature,
            ["measure"] = tokens ? "tokens" : "cost",
            ["resetsAt"] = status.PeriodEnd,
        };
        if (tokens)
        {
            extensions["remainingTokens"] = status.TokensLeftAfterSettled;
            extensions["leastTokens"] = leastTokens;
        }
        return TypedResults.Problem(
            statusCode: 402, type: ProblemTypes.BudgetExhausted, title: "Model budget exhausted",
            detail: $"The {whose} model budget for this period {why}; it resets at {status.PeriodEnd:yyyy-MM-dd'T'HH:mm:ss'Z'}. Nothing was queued.",
            extensions: extensions);
    }

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: 409, type: ProblemTypes.Conflict, title: "Conflict", detail: detail);

    public static ProblemHttpResult VersionConflict(int current) =>
        TypedResults.Problem(
            statusCode: 409, type: ProblemTypes.VersionConflict, title: "Version conflict",
            detail: $"The item changed since you read it; it is now at version {current}. Read it again and reapply your change.",
            extensions: new Dictionary<string, object?> { ["currentVersion"] = current });

    public static ProblemHttpResult PreconditionFailed(int current) =>
        TypedResults.Problem(
            statusCode: 412, type: ProblemTypes.PreconditionFailed, title: "Precondition failed",
            detail: $"If-Match does not match the current ETag \"{current}\".",
            extensions: new Dictionary<string, object?> { ["currentVersion"] = current });

    public static ProblemHttpResult PreconditionRequired() =>
        TypedResults.Problem(
            statusCode: 428, type: ProblemTypes.PreconditionRequired, title: "Precondition required",
            detail: "Send If-Match with the item's ETag, or the version you read in the body, so concurrent edits are not lost.");
}
