using Microsoft.Extensions.Options;
using Serverless.Core.Configuration;
using Serverless.Core.Data;
using Serverless.Core.Jobs;
using Serverless.Core.Review;

namespace Serverless.Api.Features.Review;

public static class ReviewExtensions
{
    /// <summary>The review workflow, prompt statistics and the reviewer console.</summary>
    public static WebApplicationBuilder AddReview(this WebApplicationBuilder builder)
    {
        builder.Services.AddClosedOptions<ReviewOptions>()
            .BindConfiguration(ReviewOptions.Section)
            .Validate(o => o.LeaseSeconds is >= 10 and <= 86_400, "Review:LeaseSeconds must be from 10 to 86400.")
            .ValidateOnStart();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ReviewApiJsonContext.Default));
        builder.Services.AddSingleton(sp => new ReviewStore(
            sp.GetRequiredService<Databases>(), sp.GetRequiredService<JobStore>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<ReviewOptions>>().Value));
        builder.Services.AddSingleton<PromptStatsReader>();
        return builder;
    }
}
