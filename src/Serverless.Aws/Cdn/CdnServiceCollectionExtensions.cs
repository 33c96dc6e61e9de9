using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Serverless.Aws.Signing;
using Serverless.Core.Configuration;
using Serverless.Core.PublicContent;

namespace Serverless.Aws.Cdn;

public static class CdnServiceCollectionExtensions
{
    /// <summary>
    /// CloudFront invalidation when <c>Cdn:DistributionId</c> is set (the primary region in AWS);
    /// otherwise the invalidator already registered stays. Credentials come from the default chain
    /// (the function's role), or from <paramref name="credentials"/> (tests).
    /// </summary>
    public static IServiceCollection AddCloudFrontInvalidation(this IServiceCollection services, IConfiguration configuration, AWSCredentials? credentials = null)
    {
        if (string.IsNullOrWhiteSpace(configuration[$"{CloudFrontOptions.Section}:DistributionId"]))
        {
            return services;
        }
        services.AddClosedOptions<CloudFrontOptions>()
            .BindConfiguration(CloudFrontOptions.Section)
            .Validate(o => Uri.TryCreate(o.Endpoint, UriKind.Absolute, out _), "Cdn:Endpoint must be an absolute URL.")
            .Validate(o => o.BatchWindowMs is >= 0 and <= 5000 && o.MaxWaitMs is >= 100 and <= 30_000 && o.MaxPathsPerBatch is >= 1 and <= 3000 && o.MaxAttempts is >= 1 and <= 10 && o.BreakSeconds is >= 1 and <= 600,
                "Cdn: BatchWindowMs 0 to 5000, MaxWaitMs 100 to 30000, MaxPathsPerBatch 1 to 3000, MaxAttempts 1 to 10, BreakSeconds 1 to 600.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(CloudFrontClient.Service, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton(sp => new CloudFrontClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(CloudFrontClient.Service),
            new SigV4Signer(credentials ?? DefaultAWSCredentialsIdentityResolver.GetCredentials(), sp.GetRequiredService<TimeProvider>()),
            sp.GetRequiredService<IOptions<CloudFrontOptions>>()));
        services.AddSingleton<CloudFrontInvalidator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Permissions.IAwsNeeds, CloudFrontNeeds>());
        services.Replace(ServiceDescriptor.Singleton<ICdnInvalidator>(sp => sp.GetRequiredService<CloudFrontInvalidator>()));
        return services;
    }
}
