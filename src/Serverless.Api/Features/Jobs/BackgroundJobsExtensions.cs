using Serverless.Aws;
using Serverless.Core.Drafts;

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
        builder.Services.AddSqsJobQueue(builder.Configuration);
        builder.Services.AddOutboxRelay();
        builder.Services.AddSingleton<DraftRequests>();
        builder.Services.AddSingleton<DraftStore>();
        return builder;
    }
}
