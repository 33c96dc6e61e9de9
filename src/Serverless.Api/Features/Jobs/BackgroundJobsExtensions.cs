using Serverless.Lambda.Hosting;
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
        // On Lambda the relay's loop starts once the first invocation is answered: its first pass (jobs an
        // instance frozen mid-relay left behind) waits a request, and the cold start does not open a
        // connection for it. A job a request records meanwhile waits in the outbox, as it would for SQS.
        if (builder.Services.FirstOrDefault(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(OutboxRelayService)) is { } relay)
        {
            builder.Services.Remove(relay);
            builder.Services.AddHostedServiceAfterFirstInvocation<OutboxRelayService>();
        }
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
