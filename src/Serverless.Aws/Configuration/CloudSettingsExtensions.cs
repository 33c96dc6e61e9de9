using Amazon.SimpleSystemsManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serverless.Aws.Permissions;

namespace Serverless.Aws.Configuration;

public static class CloudSettingsExtensions
{
    /// <summary>
    /// Resolves secret references into connection strings before anything reads them. It runs once,
    /// at start-up (on Lambda, during init), and fails start-up with a clear message when a secret
    /// cannot be read: better no instance than one that cannot reach its database.
    /// </summary>
    public static TBuilder AddCloudSettings<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        if (CloudSettings.IsNeeded(builder.Configuration))
        {
            // SL_SSM_URL points at a stand-in (tests); in AWS the default endpoint and the function's role apply.
            var url = builder.Configuration["SL_SSM_URL"];
            var config = AwsEndpoint.Configure(new AmazonSimpleSystemsManagementConfig(), url);
            using var ssm = AwsEndpoint.LocalCredentials(url) is { } local
                ? new AmazonSimpleSystemsManagementClient(local, config)
                : new AmazonSimpleSystemsManagementClient(config);
            CloudSettings.ApplyAsync(builder.Configuration, CloudSettings.FromSsm(ssm)).GetAwaiter().GetResult();
            builder.Services.AddSingleton<IAwsNeeds>(new SecretReferenceNeeds(nameof(CloudSettings), CloudSettings.References(builder.Configuration)));
        }
        return builder;
    }
}
