using Amazon.DynamoDBv2;
using Amazon.SQS;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Serverless.Aws.Idempotency;
using Serverless.Aws.Jobs;
using Serverless.Aws.Permissions;
using Serverless.Core.Configuration;
using Serverless.Core.Idempotency;
using Serverless.Core.Jobs;

namespace Serverless.Aws;

public static class AwsServiceCollectionExtensions
{
    /// <summary>
    /// Jobs on SQS: the two priority queues as Core's <see cref="IJobQueue"/> (sending in SQS-sized
    /// batches) and the dead-letter tools. A host that consumes the queues adds
    /// <see cref="AddSqsJobConsumer"/>.
    /// </summary>
    public static IServiceCollection AddSqsJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddClosedOptions<QueueOptions>()
            .BindConfiguration(QueueOptions.Section)
            .Configure(o =>
            {
                o.ServiceUrl ??= configuration["SL_SQS_URL"];
                // An emulator starts empty: create what the stack would have created.
                o.Provision |= !string.IsNullOrWhiteSpace(o.ServiceUrl);
            })
            .Validate(o => !string.IsNullOrWhiteSpace(o.High) && !string.IsNullOrWhiteSpace(o.Low), "Queues:High and Queues:Low are required.")
            .Validate(o => o.MaxReceiveCount is >= 1 and <= 1000, "Queues:MaxReceiveCount must be 1-1000.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAmazonSQS>(sp =>
        {
            var url = sp.GetRequiredService<IOptions<QueueOptions>>().Value.ServiceUrl;
            var config = AwsEndpoint.Configure(new AmazonSQSConfig(), url);
            return AwsEndpoint.LocalCredentials(url) is { } credentials ? new AmazonSQSClient(credentials, config) : new AmazonSQSClient(config);
        });
        // Built on first use, and a failure is not cached: an API whose SQS settings are missing or wrong
        // must still start and serve; its jobs wait in the outbox and the error shows where they wait.
        services.TryAddSingleton(sp => new Lazy<IAmazonSQS>(sp.GetRequiredService<IAmazonSQS>, LazyThreadSafetyMode.PublicationOnly));
        services.TryAddSingleton<QueueDirectory>();
        services.TryAddSingleton<IJobQueue, SqsJobQueue>();
        services.TryAddSingleton<DeadLetterRedrive>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAwsNeeds, SqsJobQueueNeeds>());
        return services;
    }

    /// <summary>
    /// Consuming the queues: the visibility changes a retry needs and, when <paramref name="poll"/> (anywhere
    /// but Lambda, whose event source mapping delivers the batches), a long-polling loop per priority that
    /// feeds the host's <c>ISqsRecordHandler</c>. <paramref name="polling"/> sets its concurrency and batches.
    /// </summary>
    public static IServiceCollection AddSqsJobConsumer(this IServiceCollection services, bool poll, Action<SqsPollingOptions, IServiceProvider> polling)
    {
        ArgumentNullException.ThrowIfNull(polling);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAwsNeeds, JobConsumerNeeds>());
        if (poll)
        {
            services.AddClosedOptions<SqsPollingOptions>().Configure<IServiceProvider>(polling);
            services.AddHostedService<QueuePollingService>();
        }
        return services;
    }

    /// <summary>The DynamoDB idempotency store.</summary>
    public static IServiceCollection AddDynamoIdempotency(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddClosedOptions<IdempotencyOptions>()
            .BindConfiguration(IdempotencyOptions.Section)
            .Configure(o =>
            {
                o.ServiceUrl ??= configuration["SL_DYNAMODB_URL"];
                o.Provision |= !string.IsNullOrWhiteSpace(o.ServiceUrl);
            })
            .Validate(o => !string.IsNullOrWhiteSpace(o.Table), "Idempotency:Table is required.")
            .Validate(o => o.CompletedHours >= 1, "Idempotency:CompletedHours must be at least 1.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAmazonDynamoDB>(sp =>
        {
            var url = sp.GetRequiredService<IOptions<IdempotencyOptions>>().Value.ServiceUrl;
            var config = AwsEndpoint.Configure(new AmazonDynamoDBConfig(), url);
            return AwsEndpoint.LocalCredentials(url) is { } credentials ? new AmazonDynamoDBClient(credentials, config) : new AmazonDynamoDBClient(config);
        });
        services.TryAddSingleton<IIdempotencyStore, DynamoIdempotencyStore>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAwsNeeds, DynamoIdempotencyNeeds>());
        return services;
    }
}
