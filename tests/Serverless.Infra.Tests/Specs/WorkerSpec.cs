using Serverless.Infra.Tests.Support;

namespace Serverless.Infra.Tests.Specs;

[Collection(PlatformsCollection.Name)]
public sealed class WorkerSpec(Platforms platforms)
{
    [Fact]
    public void Every_queue_is_encrypted_and_either_is_a_dead_letter_queue_or_redrives_to_one()
    {
        foreach (var env in platforms.Both)
        {
            var app = env.Of(env.Stacks.Primary.App);
            var queues = app.Resources("AWS::SQS::Queue").ToList();
            var sources = queues.Where(q => q["RedrivePolicy"] is not null).ToList();
            var deadLetterIds = sources.Select(q => q.Text("RedrivePolicy")).ToList();

            Assert.Equal(2, sources.Count);
            Assert.All(queues, q =>
            {
                Assert.Contains("RegionKey", q.Text("KmsMasterKeyId"), StringComparison.Ordinal);
                Assert.NotNull(q["MessageRetentionPeriod"]);
                Assert.True(q["RedrivePolicy"] is not null || deadLetterIds.Any(r => r.Contains($"\"{q.LogicalId}\"", StringComparison.Ordinal)),
                    $"{q.LogicalId} has no dead-letter queue and is none");
            });
            Assert.All(sources, q => Assert.Equal(5, (int)q["RedrivePolicy"]!["maxReceiveCount"]!));
        }
    }

    [Fact]
    public void Dead_letter_queues_keep_messages_longer_than_their_sources()
    {
        var app = platforms.Production.Of(platforms.Production.Stacks.Primary.App);
        var queues = app.Resources("AWS::SQS::Queue").ToList();

        foreach (var source in queues.Where(q => q["RedrivePolicy"] is not null))
        {
            var dlq = queues.Single(q => source.Text("RedrivePolicy").Contains($"\"{q.LogicalId}\"", StringComparison.Ordinal));
            Assert.True((int)dlq["MessageRetentionPeriod"]! > (int)source["MessageRetentionPeriod"]!);
        }
    }

    [Fact]
    public void Every_mapping_reports_partial_batch_failures_with_its_batch_and_concurrency()
    {
        foreach (var env in platforms.Both)
        {
            var mappings = env.Of(env.Stacks.Primary.App).Resources("AWS::Lambda::EventSourceMapping").ToList();
            var byQueue = new Dictionary<string, Serverless.Infra.Config.QueueConfig>
            {
                ["HighQueue"] = env.Config.Queues.High,
                ["LowQueue"] = env.Config.Queues.Low,
            };

            Assert.Equal(2, mappings.Count);
            foreach (var (prefix, settings) in byQueue)
            {
                var mapping = Assert.Single(mappings, m => m.Text("EventSourceArn").Contains(prefix, StringComparison.Ordinal));
                Assert.Equal(["ReportBatchItemFailures"], mapping["FunctionResponseTypes"]!.AsArray().Select(t => (string)t!));
                Assert.Equal(settings.BatchSize, (int)mapping["BatchSize"]!);
                Assert.Equal(settings.MaxConcurrency, (int)mapping["ScalingConfig"]!["MaximumConcurrency"]!);
                Assert.Equal(settings.BatchWindowSeconds, (int?)mapping["MaximumBatchingWindowInSeconds"] ?? 0);
                Assert.Contains(":live", mapping.Text("FunctionName"), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Visibility_timeout_outlasts_six_worker_timeouts()
    {
        var env = platforms.Staging;
        var sources = env.Of(env.Stacks.Primary.App).Resources("AWS::SQS::Queue").Where(q => q["RedrivePolicy"] is not null);

        Assert.All(sources, q => Assert.Equal(env.Config.Lambda.WorkerTimeoutSeconds * 6, (int)q["VisibilityTimeout"]!));
    }

    [Fact]
    public void The_worker_claims_jobs_for_as_long_as_their_messages_stay_hidden()
    {
        var env = platforms.Staging;
        var functions = env.Of(env.Stacks.Primary.App).Resources("AWS::Lambda::Function")
            .Where(f => f.Text("Environment").Contains("\"Serverless__Host\":\"worker\"", StringComparison.Ordinal)).ToList();

        var worker = Assert.Single(functions);
        Assert.Equal((env.Config.Lambda.WorkerTimeoutSeconds * 6).ToString(System.Globalization.CultureInfo.InvariantCulture),
            (string?)worker["Environment"]!["Variables"]!["Worker__InProgressSeconds"]);
    }

    [Fact]
    public void A_schedule_has_the_worker_relay_the_outbox_every_minute()
    {
        var env = platforms.Staging;
        var rules = env.Of(env.Stacks.Primary.App).Resources("AWS::Events::Rule").ToList();

        var rule = Assert.Single(rules, r => (string?)r["ScheduleExpression"] == "rate(1 minute)");
        // The alias ('live'), like the queue mappings, so a canary covers the relay too.
        Assert.Contains("WorkerAlias", rule.Text("Targets"), StringComparison.Ordinal);
        Assert.All(env.Stacks.Secondaries, s => Assert.Empty(env.Of(s.App).Resources("AWS::Events::Rule")));
    }

    [Fact]
    public void Dead_letters_and_old_messages_raise_alarms()
    {
        var app = platforms.Production.Of(platforms.Production.Stacks.Primary.App);
        var alarms = app.Resources("AWS::CloudWatch::Alarm").ToList();

        Assert.Equal(2, alarms.Count(a => (string?)a["MetricName"] == "ApproximateNumberOfMessagesVisible" && a.Text("Dimensions").Contains("DeadLetter", StringComparison.Ordinal)));
        Assert.Equal(2, alarms.Count(a => (string?)a["MetricName"] == "ApproximateAgeOfOldestMessage"));
    }

    [Fact]
    public void Secondary_regions_have_no_queues_because_every_job_ends_in_a_write()
    {
        var env = platforms.Production;

        Assert.All(env.Stacks.Secondaries, s => Assert.Empty(env.Of(s.App).Resources("AWS::SQS::Queue")));
    }
}
