using Serverless.Aws;
using Serverless.Core.Drafts;
using Serverless.Core.Jobs;

namespace Serverless.Api.Features.Jobs;

public static class BackgroundJobsExtensions
{
    /// <summary>
    /// The API's side of background work: recording jobs in the outbox with the change that causes them,
    /// relaying them to SQS, and reading jobs and drafts back.
    /// </summary>
    public static WebApplicationBuilder AddBackgroundJobs(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, JobsApiJsonContext.Default));
        builder.Services.AddJobs();
        if (IsSecondaryRegion(builder.Configuration))
        {
            // Reads of jobs and drafts only: the relay would lease outbox rows on a database it cannot
            // write, and the region has no queues to send to.
            builder.Services.AddSingleton<IJobQueue, SecondaryRegionJobQueue>();
            builder.Services.DisableOutboxLoop();
        }
        else
        {
            builder.Services.AddSqsJobs(builder.Configuration);
        }
        builder.Services.AddSingleton<DraftRequests>();
        builder.Services.AddSingleton<DraftStore>();
        return builder;
    }

    // Read before the container exists; the same rule as RegionOptions.IsPrimary.
    private static bool IsSecondaryRegion(IConfiguration configuration) =>
        !string.Equals(configuration["Region:Current"] ?? "local", configuration["Region:Primary"] ?? "local", StringComparison.Ordinal);
}
