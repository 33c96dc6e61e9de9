using Serverless.SystemTests.Support;

namespace Serverless.SystemTests.Pipeline;

public sealed class CircuitBreakerTests(PatientQueuesFixture fx) : IClassFixture<PatientQueuesFixture>
{
    [Fact]
    public async Task FailingModel_OpensTheCircuit_JobsAreRetriedLater_AndAllComplete()
    {
        fx.Model.Fails(503);
        var (client, contentId, _) = await fx.TenantWithItemAsync();
        // Enough attempts that the jobs outlive the outage; the breaker opens after two failed calls.
        await using var worker = await fx.StartWorkerAsync();
        var jobs = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            jobs.Add(await PipelineFixture.RequestDraftAsync(client, contentId));
        }

        // Later calls fail fast: a job records the open circuit as its last error...
        await Eventually.Until(
            async () => await Task.WhenAll(jobs.Select(j => PipelineFixture.JobAsync(client, j))),
            all => all.Any(j => j.TryGetProperty("lastError", out var e) && e.ValueKind == System.Text.Json.JsonValueKind.String && e.GetString()!.Contains("circuit", StringComparison.OrdinalIgnoreCase)),
            "a job to fail on the open circuit");
        // ...so the attempts made exceed the calls the model server ever saw.
        var callsWhileFailing = fx.Model.Calls;
        var attempts = (await Task.WhenAll(jobs.Select(j => PipelineFixture.JobAsync(client, j)))).Sum(j => j.GetProperty("attempts").GetInt32());
        Assert.True(attempts * 2 > callsWhileFailing, $"{attempts} attempts with up to 2 calls each, {callsWhileFailing} calls made");

        fx.Model.Answers();

        foreach (var job in jobs)
        {
            await PipelineFixture.JobReachesAsync(client, job, "succeeded", timeoutSeconds: 90);
        }
        var drafts = await PipelineFixture.DraftsAsync(client, contentId);
        Assert.Equal(4, drafts.Length);
        Assert.All(drafts, PipelineFixture.AssertUsable);
    }
}
