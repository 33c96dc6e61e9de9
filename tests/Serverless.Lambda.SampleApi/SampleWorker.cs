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
        using var host = builder.Build();
        await host.RunAsync();
    }
}
