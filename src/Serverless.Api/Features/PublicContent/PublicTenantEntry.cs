using System.ComponentModel;
using Serverless.Api.Platform.Caching;

namespace Serverless.Api.Features.PublicContent;

/// <summary>A cached slug-to-tenant mapping; <see cref="TenantId"/> null means no such tenant.</summary>
[ImmutableObject(true)]
public sealed record PublicTenantEntry(Guid? TenantId, DateTimeOffset FreshUntil) : ISoftExpiring;
