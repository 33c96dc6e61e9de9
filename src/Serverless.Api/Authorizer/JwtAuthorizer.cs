using System.Text.Json;
using Serverless.Api.Auth;
using Serverless.Api.Observability;
using Serverless.Lambda.Runtime;

namespace Serverless.Api.Authorizer;

/// <summary>
/// The REQUEST authorizer in front of <c>/v1</c> (<c>ApiKeySource: AUTHORIZER</c>). A product's request
/// carries its key: it is handed back as the usage key and API Gateway checks it against the usage plans.
/// A person's request carries a token: validated here with the API's rules, then metered on the tenant's
/// usage-plan key. A token that comes with a key must be valid too. The API checks both again behind this
/// (key hash, token, that they agree): the authorizer is a gate and a meter, not the source of identity.
/// </summary>
public sealed partial class JwtAuthorizer(PeopleTokenValidator tokens, TenantUsageKeys usageKeys, ServerErrorMetrics failures, ILogger<JwtAuthorizer> logger) : ILambdaHandler
{
    public const string ApiKeyHeader = "x-api-key";
    private const string BearerPrefix = "Bearer ";

    public async Task<ReadOnlyMemory<byte>> HandleAsync(LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        try
        {
            var response = await DecideAsync(invocation.Payload, cancellationToken);
            return JsonSerializer.SerializeToUtf8Bytes(response, AuthorizerJsonContext.Default.AuthorizerResponse);
        }
        catch (AuthorizerRefusal refusal)
        {
            LogRefused(logger, refusal.Reason ?? "no reason");
            throw;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Lambda counts a refusal as a failed invocation too, so its Errors metric cannot tell a bad
            // token from a broken authorizer (JWKS or API Gateway unreachable: API Gateway answers 500).
            // This count can, and the deployment's alarms watch it instead.
            failures.Record(500);
            throw;
        }
    }

    private async Task<AuthorizerResponse> DecideAsync(ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        AuthorizerRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(payload.Span, AuthorizerJsonContext.Default.AuthorizerRequest);
        }
        catch (JsonException e)
        {
            throw new AuthorizerRefusal("the event is not JSON", e);
        }
        if (request is not { Type: "REQUEST", MethodArn: { } methodArn } || StageMethods(methodArn) is not { } resource)
        {
            throw new AuthorizerRefusal("not a REQUEST authorizer event with a methodArn");
        }

        var keys = request.HeaderValues(ApiKeyHeader);
        var authorizations = request.HeaderValues("Authorization");
        if (keys.Count > 1 || authorizations.Count > 1)
        {
            throw new AuthorizerRefusal("a credential header sent more than once");
        }
        var key = keys.Count == 1 && keys[0].Length > 0 ? keys[0] : null;
        var token = authorizations.Count == 1 && authorizations[0].StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? authorizations[0][BearerPrefix.Length..].Trim()
            : null;

        if (token is null)
        {
            return key is null
                ? throw new AuthorizerRefusal("neither an API key nor a bearer token")
                : new AuthorizerResponse("apikey", PolicyDocument.Invoke("Allow", resource), null, key);
        }

        var person = await tokens.ValidateAsync(token, ct) ?? throw new AuthorizerRefusal("the bearer token is not valid");
        var principal = $"user:{person.Subject}";
        var context = new Dictionary<string, string>
        {
            [TenantClaims.TenantId] = person.TenantId.ToString("D"),
            [TenantClaims.Role] = person.Role,
            [TenantClaims.Subject] = person.Subject,
        };
        // With both, the product's own key is metered; the API refuses the pair unless they name one tenant.
        var usageKey = key ?? await usageKeys.ForTenantAsync(person.TenantId, ct);
        if (usageKey is null)
        {
            // Signed in, but the tenant has no usage plan here (not onboarded in this region): 403, not 401.
            LogNoUsageKey(logger, person.TenantId);
            return new AuthorizerResponse(principal, PolicyDocument.Invoke("Deny", resource), context, null);
        }
        return new AuthorizerResponse(principal, PolicyDocument.Invoke("Allow", resource), context, usageKey);
    }

    /// <summary>
    /// Every method under <c>/v1</c> of the stage the request is for: <c>arn:…:{apiId}/{stage}/*/v1*</c>.
    /// Null for an ARN that is not an execute-api method ARN.
    /// </summary>
    public static string? StageMethods(string methodArn)
    {
        ArgumentNullException.ThrowIfNull(methodArn);
        var parts = methodArn.Split('/');
        var arn = parts[0].Split(':');
        return parts.Length >= 3 && arn is ["arn", _, "execute-api", { Length: > 0 }, { Length: > 0 }, { Length: > 0 }] && parts[1].Length > 0
            ? $"{parts[0]}/{parts[1]}/*/v1*"
            : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused (401): {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Denied (403): tenant {TenantId} has no enabled API Gateway key in this region; run `gateway attach`")]
    private static partial void LogNoUsageKey(ILogger logger, Guid tenantId);
}
