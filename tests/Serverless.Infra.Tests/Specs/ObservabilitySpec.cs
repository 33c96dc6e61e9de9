using Serverless.Infra.Tests.Support;

namespace Serverless.Infra.Tests.Specs;

[Collection(PlatformsCollection.Name)]
public sealed class ObservabilitySpec(Platforms platforms)
{
    // The body is a Fn::Join of literal JSON and references; the literal parts carry the metric names.
    private static string DashboardBody(SynthesizedEnvironment env, Serverless.Infra.Stacks.AppStack app) =>
        string.Concat(env.Of(app).Single("AWS::CloudWatch::Dashboard")["DashboardBody"]!["Fn::Join"]![1]!.AsArray()
            .Select(part => part is System.Text.Json.Nodes.JsonValue value ? (string)value! : "<ref>"));

    [Fact]
    public void The_primary_dashboard_shows_every_signal_the_issue_lists()
    {
        var body = DashboardBody(platforms.Production, platforms.Production.Stacks.Primary.App);

        foreach (var signal in new[]
        {
            "\"p50\"", "\"p99\"", "5XXError", "cold_starts", "Throttles",
            "ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage", "Dead-letter depth",
            "DatabaseConnections", "ClientConnections", "CacheHitRate", "serverless.llm.tokens",
        })
        {
            Assert.Contains(signal, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Secondary_dashboards_show_replica_lag()
    {
        var env = platforms.Production;

        Assert.All(env.Stacks.Secondaries, s => Assert.Contains("ReplicaLag", DashboardBody(env, s.App), StringComparison.Ordinal));
    }

    [Fact]
    public void Every_alarm_notifies_the_region_topic()
    {
        foreach (var env in platforms.Both)
        {
            foreach (var region in env.Stacks.Regions)
            {
                var alarms = env.Of(region.App).Resources("AWS::CloudWatch::Alarm").ToList();

                Assert.NotEmpty(alarms);
                Assert.All(alarms, a => Assert.Contains("Alarms", a.Text("AlarmActions"), StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void The_regional_alarm_set_covers_API_database_replica_and_functions()
    {
        var env = platforms.Production;
        var primary = env.Of(env.Stacks.Primary.App).Resources("AWS::CloudWatch::Alarm").Select(a => (string?)a["MetricName"]).ToList();
        var secondary = env.Of(env.Stacks.Secondaries[0].App).Resources("AWS::CloudWatch::Alarm").Select(a => (string?)a["MetricName"]).ToList();

        Assert.Contains("5XXError", primary);
        Assert.Contains("CPUUtilization", primary);
        Assert.Contains("FreeStorageSpace", primary);
        Assert.Contains("Errors", primary);
        Assert.Contains("ReplicaLag", secondary);
    }

    [Fact]
    public void The_alarm_topic_is_encrypted()
    {
        var env = platforms.Production;

        Assert.All(env.Stacks.Regions, r =>
            Assert.Contains("RegionKey", env.Of(r.Foundation).Single("AWS::SNS::Topic").Text("KmsMasterKeyId"), StringComparison.Ordinal));
    }
}
