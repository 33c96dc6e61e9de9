using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Serverless.Core.Configuration;

namespace Serverless.Core.Secrets;

public static class SecretsAtRestExtensions
{
    /// <summary>
    /// The sealer for secrets stored in the database, its key checked at start-up. A deployed host (outside
    /// Development, and always on Lambda) refuses the development key published in this repository.
    /// </summary>
    public static IServiceCollection AddSecretsAtRest(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(SecretSealer)))
        {
            return services;
        }
        services.AddClosedOptions<SecretsAtRestOptions>()
            .BindConfiguration(SecretsAtRestOptions.Section)
            .Validate(o => SecretsAtRestOptions.IsKey(o.Key),
                "SecretsAtRest:Key must be a base64 key of at least 32 bytes (in AWS it is read from the secret SecretsAtRest:KeyParameter names).")
            .Validate(o => string.IsNullOrWhiteSpace(o.PreviousKey) || SecretsAtRestOptions.IsKey(o.PreviousKey),
                "SecretsAtRest:PreviousKey, when set, must be a base64 key of at least 32 bytes (the key before the last rotation).")
            .Validate<IHostEnvironment>((o, env) => !IsDeployed(env) || (o.Key != SecretsAtRestOptions.DevelopmentKey && o.PreviousKey != SecretsAtRestOptions.DevelopmentKey),
                "SecretsAtRest:Key is the development key, which this repository publishes: outside Development (and always on Lambda) set SecretsAtRest__KeyParameter to the secrets-key secret.")
            .ValidateOnStart();
        services.TryAddSingleton(sp => new SecretSealer(sp.GetRequiredService<IOptions<SecretsAtRestOptions>>().Value));
        return services;
    }

    // Lambda sets AWS_LAMBDA_FUNCTION_NAME in every function, whatever environment name the function was given.
    private static bool IsDeployed(IHostEnvironment env) =>
        !env.IsDevelopment() || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_NAME"));
}
