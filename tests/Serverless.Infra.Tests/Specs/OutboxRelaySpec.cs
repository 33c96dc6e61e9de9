using Serverless.Infra.Tests.Support;

namespace Serverless.Infra.Tests.Specs;

/// <summary>
/// The worker relays the outbox on a schedule (JobProcessing): it publishes to the queues itself, so it
/// needs their URLs and the right to send to them, and the queues are KMS-encrypted.
/// </summary>
[Collection(PlatformsCollection.Name)]
public sealed class OutboxRelaySpec(Platforms platforms)
{
    [Fact]
    public void The_worker_is_told_both_queue_urls()
    {
        foreach (var env in platforms.Both)
        {
            var worker = FunctionGrants.Of(env.Of(env.Stacks.Primary.App), "worker");

            Assert.Contains("HighQueue", worker.Variable("Queues__High"), StringComparison.Ordinal);
            Assert.Contains("\"Ref\"", worker.Variables["Queues__High"]!.ToJsonString(), StringComparison.Ordinal);
            Assert.Contains("LowQueue", worker.Variable("Queues__Low"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_worker_may_send_to_the_two_job_queues_and_nowhere_else()
    {
        foreach (var env in platforms.Both)
        {
            var worker = FunctionGrants.Of(env.Of(env.Stacks.Primary.App), "worker");

            var targets = worker.ResourcesOf("sqs:SendMessage");

            Assert.Equal(2, targets.Count);
            Assert.Single(targets, t => t.Contains("HighQueue", StringComparison.Ordinal) && !t.Contains("DeadLetter", StringComparison.Ordinal));
            Assert.Single(targets, t => t.Contains("LowQueue", StringComparison.Ordinal) && !t.Contains("DeadLetter", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_worker_may_make_data_keys_with_the_queues_key_only()
    {
        foreach (var env in platforms.Both)
        {
            var worker = FunctionGrants.Of(env.Of(env.Stacks.Primary.App), "worker");

            var keys = worker.ResourcesOf("kms:GenerateDataKey");

            Assert.Contains("RegionKey", Assert.Single(keys), StringComparison.Ordinal);
            Assert.DoesNotContain(worker.AllActions, a => a is "kms:GenerateDataKey*" or "kms:Encrypt" or "kms:ReEncrypt*");
        }
    }
}
