namespace Serverless.Core.Tenants.Settings;

/// <summary>
/// What a tenant decides for itself, as its admins read and replace it (<c>GET/PUT /v1/settings</c>) and operators
/// change it (CLI). <see cref="Version"/> grows with every change of any part, however it was made. The budget
/// webhook's signing secret is write-only: only whether one is set is ever shown.
/// </summary>
public sealed record TenantSettings(
    TenantReviewSettings Review,
    IReadOnlyList<string> BannedTerms,
    PublicCacheSettings PublicCache,
    string DefaultLocale,
    IReadOnlyList<string> CorsOrigins,
    string? BudgetWebhookUrl,
    bool BudgetWebhookSecretSet,
    int Version);

/// <summary>Which AI drafts skip human review: <see cref="AutoApprove"/> on, confidence at least <see cref="Threshold"/>,
/// and a body of <see cref="MinLength"/> to <see cref="MaxLength"/> characters with no banned term.</summary>
public sealed record TenantReviewSettings(bool AutoApprove, decimal Threshold, int MinLength, int MaxLength);

/// <summary>How long browsers (<see cref="MaxAge"/>) and CloudFront (<see cref="SMaxAge"/>) keep a public page, and how
/// long a stale copy may be served while revalidating or while the origin fails (seconds).</summary>
public sealed record PublicCacheSettings(int MaxAge, int SMaxAge, int StaleWhileRevalidate, int StaleIfError);
