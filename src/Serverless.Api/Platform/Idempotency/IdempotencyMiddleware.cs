using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Serverless.Api.Auth;
using Serverless.Api.Errors;

namespace Serverless.Api.Platform.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on a tenant's POST: the first request with a key runs and its answer (status,
/// headers, body) is stored; a retry with the same key and the same request gets that answer again,
/// marked <c>Idempotent-Replayed: true</c>, without running anything. The same key with a different
/// request is 422; a retry while the first still runs is 409 with Retry-After. A 5xx or an exception
/// gives the key back, so a retry after a failure runs again. Runs after authentication and
/// authorization: keys belong to the tenant, and a refused request never claims one.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, IdempotencyStore store)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    /// <summary>Headers that describe this exchange, not the answer: never stored, never replayed.</summary>
    private static readonly HashSet<string> Transient = new(StringComparer.OrdinalIgnoreCase)
    {
        "x-request-id", "x-region", "date", "server", "transfer-encoding", "content-length",
        "ratelimit", "ratelimit-policy", "retry-after", "set-cookie", "vary",
        "access-control-allow-origin", "access-control-allow-credentials", "access-control-expose-headers",
    };

    // Not async for what it lets through (every read, every POST without a key): the checks and the call to next (issue 17).
    public Task InvokeAsync(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && context.Request.Headers.TryGetValue(Header, out var values)
            && TenantContext.From(context) is { } tenant
            ? KeyedAsync(context, values, tenant)
            : next(context);

    private async Task KeyedAsync(HttpContext context, Microsoft.Extensions.Primitives.StringValues values, TenantContext tenant)
    {
        if (Parse(values) is not { } key)
        {
            await WriteProblemAsync(context, new ProblemDetails
            {
                Status = 400, Type = ProblemTypes.Validation, Title = "The request is not valid.",
                Detail = $"{Header} must be one value of 1 to {MaxKeyLength} visible ASCII characters, such as a UUID.",
                Extensions = { ["errors"] = new Dictionary<string, string[]> { [Header] = [$"1 to {MaxKeyLength} visible ASCII characters."] } },
            });
            return;
        }

        var request = context.Request;
        var path = request.Path.ToString() + request.QueryString.ToString();
        var fingerprint = await FingerprintAsync(request, path, context.RequestAborted);
        var claim = await store.ClaimAsync(tenant.TenantId, key, fingerprint, request.Method, path, context.RequestAborted);
        switch (claim.Decision)
        {
            case IdempotencyDecision.Replay:
                await ReplayAsync(context, claim.Response!);
                return;
            case IdempotencyDecision.Mismatch:
                await WriteProblemAsync(context, new ProblemDetails
                {
                    Status = 422, Type = ProblemTypes.IdempotencyKeyReused, Title = "Idempotency key reused",
                    Detail = $"This {Header} was used in the last 24 hours for a different request (method, path or body). Use a new key for a new request.",
                });
                return;
            case IdempotencyDecision.InProgress:
                context.Response.Headers.RetryAfter = "1";
                await WriteProblemAsync(context, new ProblemDetails
                {
                    Status = 409, Type = ProblemTypes.IdempotencyKeyInUse, Title = "Request in progress",
                    Detail = $"A request with this {Header} is still being processed. Retry after a second to get its answer.",
                });
                return;
        }

        await RunAndStoreAsync(context, tenant.TenantId, key, fingerprint);
    }

    private async Task RunAndStoreAsync(HttpContext context, Guid tenantId, string key, byte[] fingerprint)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        var stored = false;
        try
        {
            await next(context);
            var status = context.Response.StatusCode;
            if (status < 500)
            {
                var response = new StoredResponse(status, Replayable(context.Response.Headers), buffer.ToArray());
                // The effect has happened: record it even if the caller has gone, so its retry replays it.
                await store.CompleteAsync(tenantId, key, fingerprint, response, CancellationToken.None);
                stored = true;
            }
        }
        finally
        {
            context.Response.Body = original;
            if (!stored)
            {
                await store.ReleaseAsync(tenantId, key, fingerprint, CancellationToken.None);
            }
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    private static async Task ReplayAsync(HttpContext context, StoredResponse response)
    {
        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }
        context.Response.Headers[ReplayedHeader] = "true";
        context.Response.ContentLength = response.Body.Length;
        await context.Response.Body.WriteAsync(response.Body, context.RequestAborted);
    }

    private static Dictionary<string, string[]> Replayable(IHeaderDictionary headers) =>
        headers.Where(h => !Transient.Contains(h.Key)).ToDictionary(h => h.Key, h => h.Value.Select(v => v ?? "").ToArray());

    /// <summary>One key, bare or as a structured-field string (<c>"…"</c>, as the IETF draft writes it).</summary>
    internal static string? Parse(Microsoft.Extensions.Primitives.StringValues values)
    {
        if (values.Count != 1 || values[0] is not { } raw)
        {
            return null;
        }
        var key = raw.Length >= 2 && raw[0] == '"' && raw[^1] == '"' ? raw[1..^1] : raw;
        return key.Length is >= 1 and <= MaxKeyLength && key.All(c => c is > ' ' and <= '~' and not '"') ? key : null;
    }

    /// <summary>SHA-256 over method, path with query, content type and body: "the same request".</summary>
    private static async Task<byte[]> FingerprintAsync(HttpRequest request, string path, CancellationToken ct)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{request.Method}\n{path}\n{request.ContentType}\n")));
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            hash.AppendData(chunk, 0, read);
        }
        request.Body.Position = 0;
        return hash.GetHashAndReset();
    }

    private static Task WriteProblemAsync(HttpContext context, ProblemDetails problem) => MiddlewareProblems.WriteAsync(context, problem);
}
