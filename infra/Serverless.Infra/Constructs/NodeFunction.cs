using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Constructs;
using Serverless.Infra.Config;

namespace Serverless.Infra.Constructs;

/// <summary>
/// Our small Node.js functions (the pre-traffic hook, the rotations): inline code on the Node 22 runtime,
/// which bundles the AWS SDK v3 they use, logging to a log group of their own ("Logs" beside "Function").
/// </summary>
public static class NodeFunction
{
    public static Function Create(Construct scope, PlatformConfig config, FunctionProps props)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(props);
        props.LogGroup = new LogGroup(scope, "Logs", new LogGroupProps
        {
            Retention = LogRetention.AtLeast(config.Lambda.LogRetentionDays),
            RemovalPolicy = config.IsProduction ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        });
        // CDK 2.160 predates the constant.
        props.Runtime = new Runtime("nodejs22.x", RuntimeFamily.NODEJS, new LambdaRuntimeProps { SupportsInlineCode = true });
        props.Handler = "index.handler";
        return new Function(scope, "Function", props);
    }
}
