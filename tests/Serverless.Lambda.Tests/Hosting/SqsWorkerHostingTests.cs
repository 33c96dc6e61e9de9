using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Lambda.Hosting;
using Serverless.Lambda.Metrics;
using Serverless.Lambda.Tests.Emulator;
using Serverless.Lambda.Tests.Sqs;
using Serverless.Lambda.Tests.Support;

namespace Serverless.Lambda.Tests.Hosting;

public sealed class SqsWorkerHostingTests
{
    [Fact]
    public async Task A_generic_host_with_one_call_serves_SQS_batches_from_the_Runtime_API()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var handled = new ConcurrentQueue<string>();
        var emf = new RecordingEmfSink();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(handled);
        builder.Services.AddSingleton<IEmfSink>(emf);
        builder.UseSqsLambdaWhenPresent<RecordingRecordHandler>(o =>
        {
            o.RuntimeApi = emulator.Address;
            o.ReportStartupFailures = false;
        });
        using var host = builder.Build();
        await host.StartAsync();

        var outcome = await emulator.InvokeAsync(RepositoryPaths.ReadEvent("sqs-standard-batch.json"));
        await host.StopAsync();

        Assert.Equal("{\"batchItemFailures\":[{\"itemIdentifier\":\"m-0002\"},{\"itemIdentifier\":\"m-0004\"}]}", outcome.BodyText);
        Assert.Equal(4, handled.Count);
        Assert.Contains(emf.Lines, line => line.Contains("\"ColdStart\":1", StringComparison.Ordinal));
    }

    [Fact]
    public void Outside_Lambda_only_the_record_handler_is_registered()
    {
        Assert.Null(Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API"));
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(new ConcurrentQueue<string>());
        builder.UseSqsLambdaWhenPresent<RecordingRecordHandler>();

        using var host = builder.Build();

        Assert.DoesNotContain(host.Services.GetServices<IHostedService>(), s => s.GetType().Namespace == typeof(LambdaHostingOptions).Namespace);
        using var scope = host.Services.CreateScope();
        Assert.IsType<RecordingRecordHandler>(scope.ServiceProvider.GetRequiredService<Serverless.Lambda.Sqs.ISqsRecordHandler>());
    }
}
