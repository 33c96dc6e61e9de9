namespace Serverless.Core.Tenants;

public static class TenantTiers
{
    public static readonly IReadOnlyList<string> All = ["free", "standard", "premium"];

    public static bool IsValid(string tier) => All.Contains(tier);
}
