using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serverless.Api.Tests.Support;
using Serverless.Core.Data;
using Serverless.Core.Jobs;
using Serverless.Core.Review;
using Serverless.Testing;

namespace Serverless.Api.Tests.Features.Review;

/// <summary>The API with the review store on a hand-moved clock, plus a seeder that stores drafts as the worker does.</summary>
public sealed class ReviewFixture : ApiFixture
{
    public const int LeaseSeconds = 120;

    public ManualClock Clock { get; } = new();

    public DraftSeeder Drafts => new(Db.App, Db.Database.Admin);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Review:LeaseSeconds"] = LeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton(sp => new ReviewStore(
            sp.GetRequiredService<Databases>(), sp.GetRequiredService<JobStore>(), Clock,
            sp.GetRequiredService<IOptions<ReviewOptions>>().Value));

    public HttpClient As(Guid tenantId, string role, string subject = "alice") =>
        Client().WithBearer(Tokens.Mint(tenantId, role, subject));
}
