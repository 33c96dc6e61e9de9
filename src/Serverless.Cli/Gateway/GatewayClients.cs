using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.SimpleSystemsManagement;
using Microsoft.Extensions.Configuration;
using Serverless.Aws;
using Serverless.Aws.Gateway;
using Serverless.Aws.Signing;

namespace Serverless.Cli.Gateway;

/// <summary>
/// The operator's AWS clients for one region, with the default credential chain (profile, SSO,
/// environment). <c>SL_APIGATEWAY_URL</c> and <c>SL_SSM_URL</c> point them at stand-ins (tests).
/// </summary>
public sealed class GatewayClients(IConfiguration configuration) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly List<IDisposable> _owned = [];
    private AWSCredentials? _credentials;

    public TenantGatewayKeys For(string region, DeploymentConfig config)
    {
        _credentials ??= DefaultAWSCredentialsIdentityResolver.GetCredentials();
        var gatewayUrl = configuration["SL_APIGATEWAY_URL"];
        var gateway = new ApiGatewayClient(_http, new SigV4Signer(_credentials, TimeProvider.System), region,
            string.IsNullOrEmpty(gatewayUrl) ? ApiGatewayClient.EndpointFor(region) : new Uri(gatewayUrl));
        var ssmUrl = configuration["SL_SSM_URL"];
        var ssmConfig = AwsEndpoint.Configure(new AmazonSimpleSystemsManagementConfig(), ssmUrl);
        if (string.IsNullOrEmpty(ssmUrl))
        {
            ssmConfig.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        else
        {
            ssmConfig.AuthenticationRegion = region;
        }
        var ssm = new AmazonSimpleSystemsManagementClient(_credentials, ssmConfig);
        _owned.Add(ssm);
        return new TenantGatewayKeys(gateway, ssm, config);
    }

    public void Dispose()
    {
        _owned.ForEach(o => o.Dispose());
        _http.Dispose();
    }
}
