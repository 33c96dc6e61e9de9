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
