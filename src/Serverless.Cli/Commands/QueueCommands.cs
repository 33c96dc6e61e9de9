using System.CommandLine;
using Amazon.SQS;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Aws;
using Serverless.Aws.Jobs;
using Serverless.Core.Jobs;
using Spectre.Console;

namespace Serverless.Cli.Commands;

/// <summary>
/// <c>queue dlq inspect|redrive|purge</c>: the dead-letter tools. Queues come from the same settings the
/// worker reads (<c>Queues:*</c>, <c>SL_SQS_URL</c> locally).
/// </summary>
public static class QueueCommands
{
    public static Command Create(IConfiguration? configuration = null)
    {
        var settings = configuration ?? new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();

        var priority = new Option<string>("--priority") { Description = "high or low.", DefaultValueFactory = _ => "high" };
        priority.AcceptOnlyFromAmong("high", "low");

        var sample = new Option<int>("--sample") { Description = "How many messages to show (at most 10).", DefaultValueFactory = _ => 5 };
        var inspect = new Command("inspect", "Count the dead letters and show a sample.") { priority, sample };
        inspect.SetAction((r, ct) => Guarded(settings, async redrive =>
        {
            var summary = await redrive.InspectAsync(JobStore.ParsePriority(r.GetValue(priority)!), Math.Clamp(r.GetValue(sample), 0, 10), ct);
            Console.WriteLine($"{summary.QueueUrl}: about {summary.ApproximateCount} message(s)");
            foreach (var message in summary.Sample)
            {
                var body = message.Body.Length > 160 ? message.Body[..160] + "…" : message.Body;
                Console.WriteLine($"  {message.MessageId}  received {message.ReceiveCount}x  {body}");
            }
            return 0;
        }));

        var max = new Option<int>("--max") { Description = "Move at most this many.", DefaultValueFactory = _ => 10_000 };
        var move = new Command("redrive", "Move dead letters back to their queue, after the cause is fixed.") { priority, max };
        move.SetAction((r, ct) => Guarded(settings, async redrive =>
        {
            var moved = 0;
            var which = JobStore.ParsePriority(r.GetValue(priority)!);
            if (!AnsiConsole.Profile.Capabilities.Interactive)
            {
                // Piped or in CI: a line per batch instead of a bar that would not render.
                moved = await redrive.RedriveAsync(which, r.GetValue(max), (done, total) => Console.WriteLine($"redrive: {done}/{total}"), ct);
                Console.WriteLine($"moved {moved} message(s) back to the {r.GetValue(priority)} queue");
                return 0;
            }
            await AnsiConsole.Progress().AutoClear(false).StartAsync(async progress =>
            {
                var task = progress.AddTask($"redriving {r.GetValue(priority)} dead letters", maxValue: 1);
                moved = await redrive.RedriveAsync(which, r.GetValue(max), (done, total) =>
                {
                    task.MaxValue = Math.Max(1, total);
                    task.Value = done;
                }, ct);
                task.Value = task.MaxValue;
            });
            Console.WriteLine($"moved {moved} message(s) back to the {r.GetValue(priority)} queue");
            return 0;
        }));

        var yes = new Option<bool>("--yes") { Description = "Confirm: the messages are gone for good." };
        var purge = new Command("purge", "Delete every dead letter of a queue.") { priority, yes };
        purge.SetAction((r, ct) => Guarded(settings, async redrive =>
        {
            if (!r.GetValue(yes))
            {
                throw new ArgumentException("purge deletes messages for good; pass --yes to confirm.");
            }
            var count = await redrive.PurgeAsync(JobStore.ParsePriority(r.GetValue(priority)!), ct);
            Console.WriteLine($"purged about {count} message(s)");
            return 0;
        }));

        var dlq = new Command("dlq", "Dead-letter queues: inspect, move back, purge.") { inspect, move, purge };
        return new Command("queue", "The job queues.") { dlq };
    }

    private static Task<int> Guarded(IConfiguration configuration, Func<DeadLetterRedrive, Task<int>> body) => CliRun.Guarded(async () =>
    {
        await using var services = new ServiceCollection()
            .AddSingleton(configuration)
            .AddSqsJobs(configuration)
            .BuildServiceProvider();
        try
        {
            return await body(services.GetRequiredService<DeadLetterRedrive>());
        }
        catch (Exception e) when (e is Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException or HttpRequestException)
        {
            throw new InvalidOperationException($"sqs: {e.Message}", e);
        }
    });
}
