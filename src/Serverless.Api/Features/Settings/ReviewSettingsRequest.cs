namespace Serverless.Api.Features.Settings;

public sealed record ReviewSettingsRequest(bool? AutoApprove, decimal? Threshold, int? MinLength, int? MaxLength);
