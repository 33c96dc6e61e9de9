using Microsoft.AspNetCore.Authorization;

namespace Serverless.Api.Auth;

/// <summary>Authorization policies by capability; endpoints name a policy, never a role.</summary>
public static class Policies
{
    public const string ReadContent = "content:read";
    public const string WriteContent = "content:write";
    public const string Review = "review";
    public const string ReadAudit = "audit:read";

    /// <summary>Asking the model for a draft spends the tenant's token budget, so it takes an editor or admin.</summary>
    public const string RequestDrafts = "drafts:request";

    /// <summary>Where a background job got to: anyone in the tenant may poll it.</summary>
    public const string ReadJobs = "jobs:read";

    /// <summary>Model usage, cost and budgets: what the tenant pays for, so admins only.</summary>
    public const string ReadUsage = "usage:read";

    /// <summary>The tenant's model settings (semantic cache, tier per task): they change what it pays, so admins only.</summary>
    public const string ManageModel = "model:manage";

    /// <summary>The tenant's own configuration: content type schemas, settings, prompt pins. Admins only.</summary>
    public const string ManageTenant = "tenant:manage";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(ManageModel, p => p.RequireClaim(TenantClaims.TenantId).RequireRole(Roles.Admin));
        options.AddPolicy(ReadContent, p => p.RequireClaim(TenantClaims.TenantId).RequireRole(Roles.All));
        options.AddPolicy(Review, p => p.RequireClaim(TenantClaims.TenantId).RequireRole(Roles.Reviewer, Roles.Editor, Roles.Admin));
        options.AddPolicy(WriteContent, p => p.RequireClaim(TenantClaims.TenantId).RequireRole(Roles.Editor, Roles.Admin));
        options.AddPolicy(ReadAudit, p => p.RequireClaim(TenantClaims.TenantId).RequireRole(Roles.Admin));
        options.AddPolicy(RequestDrafts, p => p.RequireClaim(TenantClaims.TenantId).RequireRole(Roles.Editor, Roles.Admin));
        options.AddPolicy(ReadJobs, p => p.RequireClaim(TenantClaims.TenantId).RequireRole(Roles.All));
        options.AddPolicy(ManageTenant, p => p.RequireClaim(TenantClaims.TenantId).RequireRole(Roles.Admin));
        options.AddPolicy(ReadUsage, p => p.RequireClaim(TenantClaims.TenantId).RequireRole(Roles.Admin));
    }
}
