using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Constructs;

namespace Serverless.Infra.Constructs;

/// <summary>
/// One dashboard per region (metrics are regional) and the alarms that no single construct owns.
/// Queue and function alarms live with their constructs; all of them notify the region's topic.
/// </summary>
public sealed class RegionalMonitoring : Construct
{
    private static readonly Duration Period = Duration.Minutes(5);

    public Dashboard Dashboard { get; }

    public RegionalMonitoring(Construct scope, string id, RegionalMonitoringProps props) : base(scope, id)
    {
        var api = props.Api.Api;
        Dashboard = new Dashboard(this, "Dashboard", new DashboardProps { DefaultInterval = Duration.Hours(3) });

        Dashboard.AddWidgets(
            Graph("API latency (ms)",
                api.MetricLatency(new MetricOptions { Statistic = "p50", Period = Period, Label = "p50" }),
                api.MetricLatency(new MetricOptions { Statistic = "p99", Period = Period, Label = "p99" })),
            Graph("API errors",
                api.MetricServerError(new MetricOptions { Statistic = "Sum", Period = Period, Label = "5xx" }),
                api.MetricClientError(new MetricOptions { Statistic = "Sum", Period = Period, Label = "4xx" })),
            Graph("Lambda cold starts", props.Functions.Select(f => f.ColdStarts.With(new MetricOptions { Period = Period, Label = f.Node.Id })).ToArray()),
            Graph("Lambda throttles", props.Functions.Select(f => f.Function.MetricThrottles(new MetricOptions { Period = Period, Label = f.Node.Id })).ToArray()));

        if (props.Queues.Count > 0)
        {
            Dashboard.AddWidgets(
                Graph("Queue depth", props.Queues.Select(q => q.Queue.MetricApproximateNumberOfMessagesVisible(new MetricOptions { Period = Period, Label = q.Node.Id })).ToArray()),
                Graph("Oldest message age (s)", props.Queues.Select(q => q.Queue.MetricApproximateAgeOfOldestMessage(new MetricOptions { Period = Period, Label = q.Node.Id })).ToArray()),
                Graph("Dead-letter depth", props.Queues.Select(q => q.DeadLetterQueue.MetricApproximateNumberOfMessagesVisible(new MetricOptions { Period = Period, Label = q.Node.Id })).ToArray()));
        }

        var database = new List<IWidget>();
        if (props.Primary is { } primary)
        {
            database.Add(Graph("DB connections",
                primary.Instance.MetricDatabaseConnections(new MetricOptions { Period = Period, Label = "primary" }),
                new Metric(new MetricProps
                {
                    Namespace = "AWS/RDS",
                    MetricName = "ClientConnections",
                    DimensionsMap = new Dictionary<string, string> { ["ProxyName"] = primary.Proxy.DbProxyName },
                    Period = Period,
                    Label = "proxy clients",
                })));
            Notify(props, new Alarm(this, "DatabaseCpu", new AlarmProps
            {
                AlarmDescription = "Primary database CPU above 80% for 15 minutes",
                Metric = primary.Instance.MetricCPUUtilization(new MetricOptions { Period = Period }),
                Threshold = 80,
                EvaluationPeriods = 3,
            }));
            Notify(props, new Alarm(this, "DatabaseStorage", new AlarmProps
            {
                AlarmDescription = "Primary database has under 2 GiB free",
                Metric = primary.Instance.MetricFreeStorageSpace(new MetricOptions { Period = Period }),
                Threshold = 2L * 1024 * 1024 * 1024,
                EvaluationPeriods = 1,
                ComparisonOperator = ComparisonOperator.LESS_THAN_THRESHOLD,
            }));
        }
        if (props.Replica is { } replica)
        {
            // No label on the alarm's metric: a labelled metric turns the alarm into a metric-math alarm.
            var lag = replica.Instance.Metric("ReplicaLag", new MetricOptions { Period = Duration.Minutes(1), Statistic = "Maximum" });
            database.Add(Graph("Replica lag (s)", lag.With(new MetricOptions { Label = "replica lag (s)" })));
            database.Add(Graph("DB connections", replica.Instance.MetricDatabaseConnections(new MetricOptions { Period = Period, Label = "replica" })));
            Notify(props, new Alarm(this, "ReplicaLag", new AlarmProps
            {
                AlarmDescription = "The read replica is more than 5 minutes behind; reads fall back to the primary",
                Metric = lag,
                Threshold = 300,
                EvaluationPeriods = 5,
                TreatMissingData = TreatMissingData.BREACHING,
            }));
        }

        var cacheHitRate = new Metric(new MetricProps
        {
            Namespace = "AWS/ElastiCache",
            MetricName = "CacheHitRate",
            DimensionsMap = new Dictionary<string, string> { ["CacheClusterId"] = props.Cache.PrimaryNodeId },
            Period = Period,
            Statistic = "Average",
            Label = "hit rate (%)",
        });
        // Token spend comes from the application's EMF output under any dimensions it chooses.
        var tokens = new MathExpression(new MathExpressionProps
        {
            // A property search, not a {Namespace,...} schema: it matches whatever dimensions the EMF lines carry.
            Expression = $"SEARCH('Namespace=\"{Observability.MetricNamespace}\" MetricName=\"{Observability.TokenMetric}\"', 'Sum', 3600)",
            UsingMetrics = new Dictionary<string, IMetric>(),
            Label = "LLM tokens",
            Period = Duration.Hours(1),
        });
        database.Add(Graph("Cache hit rate (%)", cacheHitRate));
        database.Add(Graph("LLM token spend", tokens));
        Dashboard.AddWidgets(database.ToArray());

        Notify(props, new Alarm(this, "ApiServerErrors", new AlarmProps
        {
            AlarmDescription = "More than 5% of API requests failed with 5xx for 10 minutes",
            Metric = api.MetricServerError(new MetricOptions { Statistic = "Average", Period = Period }),
            Threshold = 0.05,
            EvaluationPeriods = 2,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        }));
    }

    private static GraphWidget Graph(string title, params IMetric[] metrics) =>
        new(new GraphWidgetProps { Title = title, Left = metrics, Width = 6, Height = 6 });

    private static void Notify(RegionalMonitoringProps props, Alarm alarm) =>
        alarm.AddAlarmAction(new SnsAction(props.AlarmTopic));
}
