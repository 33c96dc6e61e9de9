using Microsoft.Extensions.Hosting;
using Serverless.Aws.Configuration;
using Serverless.Worker;
using Serverless.Worker.Telemetry;

// The queue host: SQS batches from Lambda's Runtime API on AWS, a long-polling loop everywhere else.
var builder = Host.CreateApplicationBuilder(args);
builder.AddCloudSettings();
builder.AddWorker();
builder.AddWorkerTelemetry();
await builder.Build().RunAsync();
