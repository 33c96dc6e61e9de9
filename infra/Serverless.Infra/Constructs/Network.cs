using Amazon.CDK.AWS.EC2;
using Constructs;

namespace Serverless.Infra.Constructs;

/// <summary>
/// A VPC whose database and cache subnets have no route out, and whose Lambda subnets reach AWS
/// services through endpoints. A NAT gateway is added only when configured (see docs/deploy.md).
/// </summary>
public sealed class Network : Construct
{
    public const string DataSubnets = "data";
    public const string AppSubnets = "app";

    public Vpc Vpc { get; }

    /// <summary>The Lambdas' group: database, proxy and cache admit it by reference, never by CIDR.</summary>
    public SecurityGroup AppSecurityGroup { get; }

    public InterfaceVpcEndpoint SecretsManagerEndpoint { get; }

    public SubnetSelection AppSubnetSelection => new() { SubnetGroupName = AppSubnets };
    public SubnetSelection DataSubnetSelection => new() { SubnetGroupName = DataSubnets };

    public Network(Construct scope, string id, NetworkProps props) : base(scope, id)
    {
        var withNat = props.NatGateways > 0;
        var subnets = new List<ISubnetConfiguration>
        {
            new SubnetConfiguration { Name = DataSubnets, SubnetType = SubnetType.PRIVATE_ISOLATED, CidrMask = 24 },
            new SubnetConfiguration
            {
                Name = AppSubnets,
                SubnetType = withNat ? SubnetType.PRIVATE_WITH_EGRESS : SubnetType.PRIVATE_ISOLATED,
                CidrMask = 22,
            },
        };
        if (withNat)
        {
            // Only the NAT gateways live here, on their own Elastic IPs: nothing launched here gets a public address.
            subnets.Add(new SubnetConfiguration { Name = "public", SubnetType = SubnetType.PUBLIC, CidrMask = 26, MapPublicIpOnLaunch = false });
        }

        Vpc = new Vpc(this, "Vpc", new VpcProps
        {
            IpAddresses = IpAddresses.Cidr(props.Cidr),
            AvailabilityZones = props.AvailabilityZones.ToArray(),
            NatGateways = props.NatGateways,
            SubnetConfiguration = subnets.ToArray(),
            RestrictDefaultSecurityGroup = true,
        });

        AppSecurityGroup = new SecurityGroup(this, "AppSecurityGroup", new SecurityGroupProps
        {
            Vpc = Vpc,
            Description = "API and worker Lambdas",
            AllowAllOutbound = true,
        });

        // Free, and keep DynamoDB and S3 traffic off any NAT gateway. S3 is how the migrations project in
        // the VPC fetches the operator CLI.
        Vpc.AddGatewayEndpoint("DynamoDb", new GatewayVpcEndpointOptions
        {
            Service = GatewayVpcEndpointAwsService.DYNAMODB,
            Subnets = [AppSubnetSelection],
        });
        Vpc.AddGatewayEndpoint("S3", new GatewayVpcEndpointOptions
        {
            Service = GatewayVpcEndpointAwsService.S3,
            Subnets = [AppSubnetSelection],
        });

        // Interface endpoints are billed per zone-hour: a smaller environment may place them in one zone
        // and accept cross-zone traffic.
        var endpointSubnets = new SubnetSelection
        {
            SubnetGroupName = AppSubnets,
            AvailabilityZones = props.AvailabilityZones.Take(Math.Max(1, props.EndpointZones)).ToArray(),
        };
        InterfaceVpcEndpoint Endpoint(string name, InterfaceVpcEndpointAwsService service) =>
            Vpc.AddInterfaceEndpoint(name, new InterfaceVpcEndpointOptions
            {
                Service = service,
                Subnets = endpointSubnets,
                PrivateDnsEnabled = true,
            });

        Endpoint("Sqs", InterfaceVpcEndpointAwsService.SQS);
        Endpoint("Ssm", InterfaceVpcEndpointAwsService.SSM);
        Endpoint("Logs", InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS);
        SecretsManagerEndpoint = Endpoint("SecretsManager", InterfaceVpcEndpointAwsService.SECRETS_MANAGER);
        if (props.BedrockEndpoint)
        {
            Endpoint("BedrockRuntime", InterfaceVpcEndpointAwsService.BEDROCK_RUNTIME);
        }
    }
}
