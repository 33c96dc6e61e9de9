namespace Serverless.Core.Tenants.Settings;

public enum TenantSettingsWriteStatus
{
    Done,
    VersionConflict,
    SecretRequired,
}
