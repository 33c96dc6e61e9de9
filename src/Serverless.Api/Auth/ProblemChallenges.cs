using Serverless.Api.Errors;

namespace Serverless.Api.Auth;

/// <summary>The 401 and 403 bodies every authentication scheme writes.</summary>
public static class ProblemChallenges
{
    public static Task Unauthenticated(HttpContext context, string detail, string wwwAuthenticate)
    {
        context.Response.StatusCode = 401;
        context.Response.Headers.WWWAuthenticate = wwwAuthenticate;
        return Write(context, 401, ProblemTypes.Unauthenticated, "Unauthenticated", detail);
    }

    public static Task Forbidden(HttpContext context) =>
        Forbidden(context, ProblemTypes.Forbidden, "Your role does not allow this action.");

    public static Task Forbidden(HttpContext context, string type, string detail) =>
        Write(context, 403, type, "Forbidden", detail);

    private static Task Write(HttpContext context, int status, string type, string title, string detail) =>
        MiddlewareProblems.WriteAsync(context, status, type, title, detail);
}
