using Amazon.SimpleSystemsManagement;
using Microsoft.Extensions.Configuration;

namespace Serverless.Aws.Configuration;

/// <summary>
/// The one place an SSM client is set up for start-up reads: <c>SL_SSM_URL</c> points at a stand-in
/// (tests); in AWS the default endpoint and the function's role apply. The client lives only as long as
/// the reads.
/// </summary>
internal static class SsmParameters
{
    public static void Read(IConfiguration configuration, Func<Func<string, CancellationToken, Task<string>>, Task> reads)
    {
        var url = configuration["SL_SSM_URL"];
        var config = AwsEndpoint.Configure(new AmazonSimpleSystemsManagementConfig(), url);
        using var ssm = AwsEndpoint.LocalCredentials(url) is { } local
            ? new AmazonSimpleSystemsManagementClient(local, config)
            : new AmazonSimpleSystemsManagementClient(config);
        reads(CloudSettings.FromSsm(ssm)).GetAwaiter().GetResult();
    }
}
