using Serverless.Lambda.Hosting;
using Serverless.Lambda.SampleApi;

if (Environment.GetEnvironmentVariable(SampleWorker.ModeVariable) == "sqs")
{
    // The same executable as an SQS worker, so the tests cover the SQS path under Native AOT too.
    await SampleWorker.RunAsync(args);
    return;
}

var builder = WebApplication.CreateSlimBuilder(args);
builder.UseLambdaWhenPresent();
builder.AddSampleServices();

var app = builder.Build();
app.MapSampleEndpoints();
app.Run();
