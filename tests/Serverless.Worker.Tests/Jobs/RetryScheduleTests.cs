extern alias worker;

using worker::Serverless.Worker.Jobs;

namespace Serverless.Worker.Tests.Jobs;

public sealed class RetryScheduleTests
{
    [Fact]
    public void TheDefaultSchedule_ReachesPastTheDefaultBreakerOpenPeriod()
    {
        // 2 + 4 + 8 + 16 s over the four retries of five deliveries; the model breaker opens for 30 s.
        Assert.True(RetrySchedule.ReachSeconds(new WorkerOptions()) >= new worker::Serverless.Worker.Llm.LlmOptions().BreakerBreakSeconds);
    }

    [Fact]
    public void ReachSeconds_AddsTheCappedDoublingCeilings()
    {
        Assert.Equal(1 + 2 + 2, RetrySchedule.ReachSeconds(new WorkerOptions { RetryBaseSeconds = 1, RetryMaxSeconds = 2, MaxAttempts = 4 }));
        Assert.Equal(0, RetrySchedule.ReachSeconds(new WorkerOptions { MaxAttempts = 1 }));
    }
}
