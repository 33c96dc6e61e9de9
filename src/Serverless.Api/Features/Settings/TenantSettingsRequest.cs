namespace Serverless.Api.Features.Settings;

/// <summary>
/// The body of <c>PUT /v1/settings</c>: the tenant's whole settings, replacing what is stored. Send <c>If-Match</c>
/// with the ETag you read, or <see cref="Version"/>. <see cref="BudgetWebhookUrl"/> null (or left out) removes the
/// webhook; <see cref="BudgetWebhookSecret"/> is needed the first time and otherwise left out to keep the one stored.
/// </summary>
public sealed record TenantSettingsRequest(
    ReviewSettingsRequest? Review,
    List<string>? BannedTerms,
    PublicCacheRequest? PublicCache,
    string? DefaultLocale,
    List<string>? CorsOrigins,
    string? BudgetWebhookUrl,
    string? BudgetWebhookSecret,
    int? Version);
