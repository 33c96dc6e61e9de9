namespace Serverless.Core.Tenants.Settings;

/// <summary>Which AI drafts skip human review: <see cref="AutoApprove"/> on, confidence at least <see cref="Threshold"/>,
/// and a body of <see cref="MinLength"/> to <see cref="MaxLength"/> characters with no banned term.</summary>
public sealed record TenantReviewSettings(bool AutoApprove, decimal Threshold, int MinLength, int MaxLength);
