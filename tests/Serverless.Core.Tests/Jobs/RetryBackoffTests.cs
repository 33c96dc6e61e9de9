using Serverless.Core.Jobs;

namespace Serverless.Core.Tests.Jobs;

public sealed class RetryBackoffTests
{
    private readonly RetryBackoff _backoff = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(60));

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(10, 60)]
    public void Delay_StaysBetweenTheBaseAndADoublingCeiling(int attempt, int ceiling)
    {
        var random = new Random(attempt);
        for (var i = 0; i < 200; i++)
        {
            Assert.InRange(_backoff.For(attempt, random).TotalSeconds, 2, ceiling);
        }
    }

    [Fact]
    public void Delays_AreJittered_SoRetriesOfManyJobsSpreadOut()
    {
        var random = new Random(7);
        var delays = Enumerable.Range(0, 100).Select(_ => _backoff.For(6, random)).Distinct().Count();

        Assert.True(delays > 10, $"only {delays} distinct delays");
    }

    [Theory]
    [InlineData("content.draft", "standard", JobPriority.High)]
    [InlineData("content.draft", "premium", JobPriority.High)]
    [InlineData("content.draft", "free", JobPriority.Low)]
    [InlineData("content.draft.backfill", "premium", JobPriority.Low)]
    public void Routing_SendsBulkWorkAndTheFreeTierToTheLowQueue(string type, string tier, JobPriority expected)
    {
        Assert.Equal(expected, JobRouting.PriorityFor(type, tier));
    }
}
