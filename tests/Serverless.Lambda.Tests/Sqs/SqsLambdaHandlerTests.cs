using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Lambda.Sqs;
using Serverless.Lambda.Tests.Emulator;
using Serverless.Lambda.Tests.Support;

namespace Serverless.Lambda.Tests.Sqs;

public sealed class SqsLambdaHandlerTests
{
    private static ServiceProvider Services(ConcurrentQueue<string> handled) => new ServiceCollection()
        .AddLogging()
        .AddSingleton(handled)
        .AddScoped<ISqsRecordHandler, RecordingRecordHandler>()
        .AddSingleton<SqsLambdaHandler>()
        .BuildServiceProvider();

    [Fact]
    public async Task Partial_failure_is_answered_with_the_documented_batch_item_failures_document()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var services = Services(new());
        await using var loop = RunningLoop.Start(emulator, services.GetRequiredService<SqsLambdaHandler>());

        var outcome = await emulator.InvokeAsync(RepositoryPaths.ReadEvent("sqs-fifo-two-groups.json"));

        Assert.False(outcome.IsError);
        Assert.Equal("{\"batchItemFailures\":[{\"itemIdentifier\":\"a-0002\"},{\"itemIdentifier\":\"a-0003\"}]}", outcome.BodyText);
    }

    [Fact]
    public async Task All_failed_is_reported_as_an_invocation_error()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var services = Services(new());
        await using var loop = RunningLoop.Start(emulator, services.GetRequiredService<SqsLambdaHandler>());
        var allFail = RepositoryPaths.ReadEvent("sqs-standard-batch.json").Replace("\\\"ok\\\"", "\\\"fail\\\"", StringComparison.Ordinal);

        var outcome = await emulator.InvokeAsync(allFail);

        Assert.True(outcome.IsError);
        Assert.Equal(nameof(SqsBatchFailedException), outcome.ErrorType);
        Assert.Contains("All 4 messages", JsonDocument.Parse(outcome.Body).RootElement.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_failure_gives_an_empty_failure_list()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var handled = new ConcurrentQueue<string>();
        await using var services = Services(handled);
        await using var loop = RunningLoop.Start(emulator, services.GetRequiredService<SqsLambdaHandler>());
        var allOk = RepositoryPaths.ReadEvent("sqs-standard-batch.json").Replace("\\\"fail\\\"", "\\\"ok\\\"", StringComparison.Ordinal);

        var outcome = await emulator.InvokeAsync(allOk);

        Assert.Equal("{\"batchItemFailures\":[]}", outcome.BodyText);
        Assert.Equal(4, handled.Count);
    }
}
