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
            SsmParameters.Read(builder.Configuration, read => CloudSettings.ApplyAsync(builder.Configuration, read));
            builder.Services.AddSingleton<IAwsNeeds>(new SecretReferenceNeeds(nameof(CloudSettings), CloudSettings.References(builder.Configuration)));
        }
        return builder;
    }
}
