using Serverless.Core.ApiKeys;
using Serverless.Core.Tenants;

namespace Serverless.Testing;

public sealed record SeededTenant(Tenant Tenant, ApiKeyInfo KeyInfo, string ApiKey);
