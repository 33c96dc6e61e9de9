using Microsoft.Extensions.Logging;
using Serverless.SystemTests.Support;

namespace Serverless.SystemTests.Observability;

/// <summary>The worker says what happened to every job, success included, with tenant, job and trace ids in the scope.</summary>
public sealed class WorkerLogTests(TracingPipelineFixture fx) : IClassFixture<TracingPipelineFixture>
{
    private const string Category = "Serverless.Worker.Telemetry.TracedRecordHandler";

    [Fact]
    public async Task SucceededJob_GetsOneLineWithItsOutcomeTenantJobAndTraceIds()
    {
        fx.Model.Answers();
        var (client, contentId, tenantId) = await fx.TenantWithItemAsync();
        var logs = new CapturedLogs();
        await using (await fx.StartWorkerAsync(fx.TracingSettings, logs))
        {
            var jobId = await PipelineFixture.RequestDraftAsync(client, contentId);
            await PipelineFixture.JobReachesAsync(client, jobId, "succeeded");
            var line = await Eventually.Until(
                () => Task.FromResult(logs.Entries.FirstOrDefault(e => e.Category == Category && Equals(e.Values.GetValueOrDefault("JobId"), jobId))),
                e => e is not null, "the job's outcome line", 30);

            Assert.Equal(LogLevel.Information, line!.Level);
            Assert.Equal("succeeded", line.Values["Outcome"]);
            Assert.Equal(tenantId, line.Values["TenantId"]);
            Assert.Equal("content.draft", line.Values["JobType"]);
            Assert.Matches("^[0-9a-f]{32}$", Assert.IsType<string>(line.Values["TraceId"]));
            Assert.Null(line.Exception);
        }
    }

    [Fact]
    public async Task FailedAttempt_IsOneLineWithItsOutcomeAndTheExceptionAsAField()
    {
        fx.Model.Fails(500);
        var (client, contentId, tenantId) = await fx.TenantWithItemAsync();
        var logs = new CapturedLogs();
        await using (await fx.StartWorkerAsync(fx.TracingSettings, logs))
        {
            var jobId = await PipelineFixture.RequestDraftAsync(client, contentId);
            var line = await Eventually.Until(
                () => Task.FromResult(logs.Entries.FirstOrDefault(e => e.Category == Category && Equals(e.Values.GetValueOrDefault("JobId"), jobId))),
                e => e is not null, "the job's outcome line", 60);

            Assert.Equal("retried", line!.Values["Outcome"]);
            Assert.Equal(LogLevel.Warning, line.Level);
            Assert.Equal(tenantId, line.Values["TenantId"]);
            Assert.NotNull(line.Exception);
        }
    }
}
