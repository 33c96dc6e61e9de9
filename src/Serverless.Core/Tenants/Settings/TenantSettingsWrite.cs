namespace Serverless.Core.Tenants.Settings;

/// <summary>What a write did: the settings now (when done), or the version they are at (on a conflict).</summary>
public sealed record TenantSettingsWrite(TenantSettingsWriteStatus Status, TenantSettings? Settings, int CurrentVersion);
