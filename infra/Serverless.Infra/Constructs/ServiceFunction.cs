using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.CodeDeploy;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Constructs;

namespace Serverless.Infra.Constructs;

/// <summary>
/// One of our Lambdas: the AOT executable on provided.al2023 inside the VPC (unless OutsideVpc), invoked only through the
/// "live" alias, which CodeDeploy moves to each new version (a canary in production) once an optional
/// pre-traffic smoke check passed, and moves back when an alarm on the new version itself fires.
/// </summary>
public sealed class ServiceFunction : Construct
{
    public const string AliasName = "live";

    public Function Function { get; }
    public Alias Alias { get; }
    public LogGroup LogGroup { get; }

    /// <summary>From the "Init Duration" that Lambda writes in the REPORT line of a cold start only.</summary>
    public Metric ColdStarts { get; }

    public Alarm ErrorAlarm { get; }

    /// <summary>What rolls a deployment back: failed invocations of the new version, and its 5xx answers.</summary>
    public IReadOnlyList<Alarm> RollbackAlarms { get; }

    public PreTrafficHook? PreTraffic { get; }

    public ServiceFunction(Construct scope, string id, ServiceFunctionProps props) : base(scope, id)
    {
        var config = props.Config;
        LogGroup = new LogGroup(this, "Logs", new LogGroupProps
        {
            Retention = LogRetention.AtLeast(config.Lambda.LogRetentionDays),
            RemovalPolicy = config.IsProduction ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        });

        var environment = new Dictionary<string, string>(props.Environment)
        {
            ["Serverless__Host"] = props.Host,
            // Serverless.Lambda's EMF exporter ("Lambda:Metrics"): the namespace the dashboard reads, and a
            // stable service name rather than the generated function name.
            ["Lambda__Metrics__Namespace"] = Observability.MetricNamespace,
            ["Lambda__Metrics__Service"] = props.Host,
            // The host otherwise watches its folder for config changes: wasted cold-start time on a
            // read-only package (measured in bench/lambda, docs/lambda.md).
            ["DOTNET_hostBuilder__reloadConfigOnChange"] = "false",
            // deployment.environment on every span and metric series (TelemetryOptions).
            ["Telemetry__Environment"] = config.Environment,
        };
        if (config.Lambda.TracesEndpoint is { Length: > 0 } traces)
        {
            environment["Telemetry__OtlpEndpoint"] = traces;
            environment["Telemetry__SamplingRatio"] = config.Lambda.TraceSamplingRatio.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (props.CountsServerErrors)
        {
            // The version tag on the 5xx counter becomes a dimension, so the canary alarm sees the new version only.
            environment["Lambda__Metrics__Dimensions__0"] = Observability.VersionDimension;
        }
        Function = new Function(this, "Function", new FunctionProps
        {
            Runtime = Runtime.PROVIDED_AL2023,
            Architecture = config.Lambda.Architecture == "arm64" ? Architecture.ARM_64 : Architecture.X86_64,
            // A custom runtime ignores the handler; "bootstrap" names the executable for readers.
            Handler = "bootstrap",
            Code = Code.FromAsset(props.Artifact),
            MemorySize = props.MemoryMb,
            Timeout = Duration.Seconds(props.TimeoutSeconds),
            Environment = environment,
            Vpc = props.OutsideVpc ? null : props.Network.Vpc,
            VpcSubnets = props.OutsideVpc ? null : props.Network.AppSubnetSelection,
            SecurityGroups = props.OutsideVpc ? null : [props.Network.AppSecurityGroup],
            LogGroup = LogGroup,
            Tracing = Tracing.ACTIVE,
            Description = $"Serverless {props.Host} ({config.Environment})",
        });

        Alias = new Alias(this, "Alias", new AliasProps { AliasName = AliasName, Version = Function.CurrentVersion });

        var version = Function.CurrentVersion;
        var rollback = new List<Alarm>();
        ErrorAlarm = new Alarm(this, "Errors", new AlarmProps
        {
            // Old and new versions together: it pages, but does not decide a deployment (RollbackAlarms do).
            AlarmDescription = $"{props.Host}: invocations of the live alias failed",
            // A function that refuses by failing (the authorizer) pages on its own count of real failures.
            Metric = props.RefusesByFailing ? ServerErrors(props.Host, version) : Alias.MetricErrors(new MetricOptions { Period = Duration.Minutes(1), Statistic = "Sum" }),
            Threshold = 1,
            EvaluationPeriods = 1,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        });
        ErrorAlarm.AddAlarmAction(new SnsAction(props.AlarmTopic));

        // During a canary the alias's metrics mix the old version's 90% with the new one's 10%; Lambda also
        // publishes each alias invocation under the version that ran it, so this one sees only the new code.
        if (!props.RefusesByFailing)
        {
            rollback.Add(RollbackAlarm("NewVersionErrors", $"{props.Host}: the version being deployed failed invocations; CodeDeploy rolls back on it",
                new Metric(new MetricProps
                {
                    Namespace = "AWS/Lambda",
                    MetricName = "Errors",
                    DimensionsMap = new Dictionary<string, string>
                    {
                        ["FunctionName"] = Function.FunctionName,
                        ["Resource"] = $"{Function.FunctionName}:{AliasName}",
                        ["ExecutedVersion"] = version.Version,
                    },
                    Period = Duration.Minutes(1),
                    Statistic = "Sum",
                }), props.AlarmTopic));
        }
        if (props.CountsServerErrors)
        {
            // The app answers exceptions with a 500 Problem Details, which Lambda counts as a success: only the
            // app's own count, from the EMF lines of the new version, shows them.
            rollback.Add(RollbackAlarm("NewVersionServerErrors", $"{props.Host}: the version being deployed answered 5xx; CodeDeploy rolls back on it",
                new Metric(new MetricProps
                {
                    Namespace = Observability.MetricNamespace,
                    MetricName = Observability.ServerErrorMetric,
                    DimensionsMap = new Dictionary<string, string>
                    {
                        ["Service"] = props.Host,
                        [Observability.VersionDimension] = version.Version,
                    },
                    Period = Duration.Minutes(1),
                    Statistic = "Sum",
                }), props.AlarmTopic));
        }
        RollbackAlarms = rollback;

        if (props.PreTrafficCheckPath is { } path)
        {
            PreTraffic = new PreTrafficHook(this, "PreTraffic", config, Function, version, path);
        }

        new LambdaDeploymentGroup(this, "Deployment", new LambdaDeploymentGroupProps
        {
            Alias = Alias,
            DeploymentConfig = DeploymentConfigFor(config.Lambda.Deployment),
            Alarms = [.. rollback],
            PreHook = PreTraffic?.Function,
            AutoRollback = new AutoRollbackConfig { FailedDeployment = true, StoppedDeployment = true, DeploymentInAlarm = true },
        });

        var coldStartFilter = new MetricFilter(this, "ColdStartFilter", new MetricFilterProps
        {
            LogGroup = LogGroup,
            FilterPattern = FilterPattern.AllTerms("REPORT", "Init Duration"),
            MetricNamespace = Observability.MetricNamespace,
            MetricName = $"{props.Host}.cold_starts",
            MetricValue = "1",
            DefaultValue = 0,
        });
        ColdStarts = coldStartFilter.Metric(new MetricOptions { Statistic = "Sum" });
    }

    private static Metric ServerErrors(string host, IVersion version) => new(new MetricProps
    {
        Namespace = Observability.MetricNamespace,
        MetricName = Observability.ServerErrorMetric,
        DimensionsMap = new Dictionary<string, string> { ["Service"] = host, [Observability.VersionDimension] = version.Version },
        Period = Duration.Minutes(1),
        Statistic = "Sum",
    });

    private Alarm RollbackAlarm(string id, string description, Metric metric, Amazon.CDK.AWS.SNS.ITopic topic)
    {
        var alarm = new Alarm(this, id, new AlarmProps
        {
            AlarmDescription = description,
            Metric = metric,
            Threshold = 1,
            EvaluationPeriods = 1,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            // No new version running (between deployments) means no data: not an alarm.
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        });
        alarm.AddAlarmAction(new SnsAction(topic));
        return alarm;
    }

    private static ILambdaDeploymentConfig DeploymentConfigFor(string name) => name switch
    {
        "Canary10Percent5Minutes" => LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
        "Linear10PercentEvery1Minute" => LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_1MINUTE,
        _ => LambdaDeploymentConfig.ALL_AT_ONCE,
    };
}
