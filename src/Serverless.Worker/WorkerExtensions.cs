using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Serverless.Aws;
using Serverless.Aws.Configuration;
using Serverless.Core.Content;
using Serverless.Core.Data;
using Serverless.Core.Drafts;
using Serverless.Core.Jobs;
using Serverless.Core.Prompts;
using Serverless.Core.Review;
using Serverless.Core.Schemas;
using Serverless.Core.Tenants;
using Serverless.Lambda.Hosting;
using Serverless.Lambda.Runtime;
using Serverless.Worker.Fairness;
using Serverless.Worker.Jobs;
using Serverless.Worker.Lambda;
using Serverless.Worker.Llm;

namespace Serverless.Worker;

public static class WorkerExtensions
{
    /// <summary>
    /// The worker: job handlers over Core, the SQS queues, the idempotency store and the LLM chain. On
    /// Lambda the Runtime API feeds it SQS events; anywhere else it polls the queues itself.
    /// </summary>
    public static HostApplicationBuilder AddWorker(this HostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddCoreData();
        services.AddOptions<WorkerOptions>()
            .BindConfiguration(WorkerOptions.Section)
            .Validate(o => o.HighConcurrency >= 1 && o.LowConcurrency >= 1, "Worker concurrency must be at least 1 per priority.")
            .Validate(o => o.BatchSize is >= 1 and <= 10 && o.WaitSeconds is >= 0 and <= 20, "Worker:BatchSize is 1-10 and Worker:WaitSeconds 0-20.")
            .Validate(o => o.InProgressSeconds >= 1 && o.RetryBaseSeconds > 0 && o.RetryMaxSeconds >= o.RetryBaseSeconds && o.MaxAttempts >= 1, "Worker retry settings are out of range.")
            .ValidateOnStart();

        services.AddOptions<AttributeMigrationOptions>()
            .BindConfiguration(AttributeMigrationOptions.Section)
            .Validate(o => o.BatchSize is >= 1 and <= 1000 && o.PauseMilliseconds is >= 0 and <= 10_000, "AttributeMigrations:BatchSize is 1-1000 and PauseMilliseconds 0-10000.")
            .ValidateOnStart();
        services.AddSingleton<AttributeValidator>();
        services.AddSingleton<AttributeSchemas>();
        services.AddSingleton<AttributeMigrator>();
        services.AddSingleton<IJobHandler, AttributeMigrationJobHandler>();
        services.AddSingleton<TenantSuspension>();
        services.AddSingleton<ContentStore>();
        services.AddSingleton<PromptStore>();
        services.AddSingleton<ReviewIntake>();
        services.AddSingleton<OutputValidator>();
        services.AddSingleton<TokenCounter>();
        services.AddSingleton<DraftGenerator>();
        services.AddSingleton<IJobHandler, DraftJobHandler>();

        services.AddJobs();
        services.AddTenantFairness(builder.Configuration);
        services.AddSqsJobs(builder.Configuration);
        services.AddDynamoIdempotency(builder.Configuration);
        builder.AddLlmSecrets();
        services.AddWorkerRedis(builder.Configuration);
        services.AddLlm(builder.Configuration);

        builder.UseSqsLambdaWhenPresent<JobMessageHandler>();
        var onLambda = LambdaEnvironment.IsLambda(builder.Configuration);
        // On Lambda the event source mapping delivers the batches; anywhere else the adapter polls the queues.
        services.AddSqsJobConsumer(poll: !onLambda, (polling, sp) =>
        {
            var worker = sp.GetRequiredService<IOptions<WorkerOptions>>().Value;
            polling.HighConcurrency = worker.HighConcurrency;
            polling.LowConcurrency = worker.LowConcurrency;
            polling.BatchSize = worker.BatchSize;
            polling.WaitSeconds = worker.WaitSeconds;
            polling.InProgressSeconds = worker.InProgressSeconds;
        });
        if (!onLambda)
        {
            services.AddHostedService(sp => sp.GetRequiredService<BudgetSweeper>());
            services.AddHostedService(sp => sp.GetRequiredService<BudgetWebhookDispatcher>());
        }
        if (onLambda)
        {
            // Scheduled events drain the outbox (nothing runs between invocations); SQS batches go to the job handlers.
            services.DisableOutboxLoop();
            services.AddSingleton<ILambdaHandler, WorkerLambdaHandler>();
        }
        return builder;
    }
}
