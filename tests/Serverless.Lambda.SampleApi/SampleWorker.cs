using Serverless.Lambda.Hosting;

namespace Serverless.Lambda.SampleApi;

public static class SampleWorker
{
    public const string ModeVariable = "SAMPLE_MODE";

    public static async Task RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseSqsLambdaWhenPresent<SampleRecordHandler>();
        if (Environment.GetEnvironmentVariable(SampleServices.FailAtStartupVariable) == "1")
        {
            // Registered after the Lambda loop on purpose: its failure must still count as an init error.
            builder.Services.AddHostedService<FailingStartup>();
        }
        using var host = builder.Build();
        await host.RunAsync();
    }
}
