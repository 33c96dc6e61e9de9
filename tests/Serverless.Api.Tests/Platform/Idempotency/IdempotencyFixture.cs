using Microsoft.Extensions.DependencyInjection;
using Serverless.Api.Platform.Idempotency;
using Serverless.Api.Tests.Features.Review;
using Serverless.Api.Tests.Support;
using Serverless.Core.Data;
using Serverless.Testing;

namespace Serverless.Api.Tests.Platform.Idempotency;

/// <summary>The API with the idempotency store on a hand-moved clock, so the 24 h expiry needs no waiting.</summary>
public sealed class IdempotencyFixture : ApiFixture
{
    public ManualClock Clock { get; } = new();

    public DraftSeeder Drafts => new(Db.App, Db.Database.Admin);

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton(sp => new IdempotencyStore(sp.GetRequiredService<Databases>(), Clock));
}
