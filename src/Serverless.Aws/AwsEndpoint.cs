using Amazon.Runtime;

namespace Serverless.Aws;

/// <summary>
/// Points an AWS client at a local emulator when a service URL is configured (fauxqs, dynalite), and at
/// the real service with the default credential chain otherwise (on Lambda: the function's role).
/// </summary>
public static class AwsEndpoint
{
    public static TConfig Configure<TConfig>(TConfig config, string? serviceUrl)
        where TConfig : ClientConfig
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!string.IsNullOrWhiteSpace(serviceUrl))
        {
            config.ServiceURL = serviceUrl;
            config.AuthenticationRegion = "us-east-1";
        }
        // Fail fast and let our own retries (outbox relay, queue redelivery) decide when to try again.
        config.MaxErrorRetry = 1;
        config.Timeout = TimeSpan.FromSeconds(30);
        return config;
    }

    public static AWSCredentials? LocalCredentials(string? serviceUrl) =>
        string.IsNullOrWhiteSpace(serviceUrl) ? null : new BasicAWSCredentials("test", "test");
}
