namespace Serverless.Core.Tenants.Settings;

/// <summary>
/// A whole replacement of a tenant's settings, already validated. <see cref="BudgetWebhookUrl"/> null removes the
/// webhook; <see cref="BudgetWebhookSecret"/> null keeps the secret already stored (one is needed the first time).
/// </summary>
public sealed record TenantSettingsChange(
    TenantReviewSettings Review,
    IReadOnlyList<string> BannedTerms,
    PublicCacheSettings PublicCache,
    string DefaultLocale,
    IReadOnlyList<string> CorsOrigins,
    string? BudgetWebhookUrl,
    string? BudgetWebhookSecret);
