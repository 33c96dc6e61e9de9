using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using Serverless.Infra.Config;

namespace Serverless.Infra.Constructs;

/// <summary>
/// Rotates the consistency-token key (Hooks/rotate-consistency-key.js) in two alternating steps, so a new
/// key is accepted everywhere one period before anything signs with it, and the old one stays accepted a
/// period after: instances that read the secret at different times always accept each other's tokens.
/// The secret is replicated, so every region gets each version. Outside the VPC: it only talks to Secrets Manager.
/// </summary>
public sealed class ConsistencyKeyRotation : Construct
{
    public const string CodeResource = "rotate-consistency-key.js";

    public Function Function { get; }

    public ConsistencyKeyRotation(Construct scope, string id, PlatformConfig config, ISecret secret) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(config);
        var logs = new LogGroup(this, "Logs", new LogGroupProps
        {
            Retention = LogRetention.AtLeast(config.Lambda.LogRetentionDays),
            RemovalPolicy = config.IsProduction ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        });
        Function = new Function(this, "Function", new FunctionProps
        {
            Runtime = new Runtime("nodejs22.x", RuntimeFamily.NODEJS, new LambdaRuntimeProps { SupportsInlineCode = true }),
            Handler = "index.handler",
            Code = Code.FromInline(PreTrafficHook.Embedded(CodeResource)),
            Timeout = Duration.Seconds(30),
            MemorySize = 128,
            LogGroup = logs,
            Description = $"Rotates the consistency-token key ({config.Environment})",
        });
        // The schedule grants the function read, write and stage moves on this secret, and Secrets Manager the invoke.
        new RotationSchedule(this, "Schedule", new RotationScheduleProps
        {
            Secret = secret,
            RotationLambda = Function,
            AutomaticallyAfter = Duration.Days(config.Database.RotationDays),
        });
    }
}
