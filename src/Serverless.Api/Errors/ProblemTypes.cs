namespace Serverless.Api.Errors;

/// <summary>Stable identifiers for every kind of error the API returns (RFC 9457 <c>type</c>).</summary>
public static class ProblemTypes
{
    private const string Prefix = "urn:serverless:problem:";

    public const string Validation = Prefix + "validation";
    public const string MalformedRequest = Prefix + "malformed-request";
    public const string TooLarge = Prefix + "too-large";
    public const string UnsupportedMediaType = Prefix + "unsupported-media-type";
    public const string Unauthenticated = Prefix + "unauthenticated";
    public const string Forbidden = Prefix + "forbidden";
    public const string TenantMismatch = Prefix + "tenant-mismatch";
    public const string OriginNotVerified = Prefix + "origin-not-verified";
    public const string CorsOriginNotAllowed = Prefix + "cors-origin-not-allowed";
    public const string NotFound = Prefix + "not-found";
    public const string MethodNotAllowed = Prefix + "method-not-allowed";
    public const string Conflict = Prefix + "conflict";
    public const string VersionConflict = Prefix + "version-conflict";
    public const string PreconditionFailed = Prefix + "precondition-failed";
    public const string PreconditionRequired = Prefix + "precondition-required";
    public const string IdempotencyKeyReused = Prefix + "idempotency-key-reused";
    public const string IdempotencyKeyInUse = Prefix + "idempotency-key-in-use";
    public const string BudgetExhausted = Prefix + "budget-exhausted";
    public const string Unavailable = Prefix + "unavailable";
    public const string WritesGoToPrimary = Prefix + "writes-go-to-primary";
    public const string Internal = Prefix + "internal";
    public const string SchemaIncompatible = Prefix + "schema-incompatible";
    public const string TenantSuspended = Prefix + "tenant-suspended";

    public static string ForStatus(int status) => status switch
    {
        400 => MalformedRequest,
        401 => Unauthenticated,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        412 => PreconditionFailed,
        413 => TooLarge,
        415 => UnsupportedMediaType,
        428 => PreconditionRequired,
        503 => Unavailable,
        _ => Internal,
    };
}
