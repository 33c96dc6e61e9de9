namespace Serverless.Lambda.SampleApi;

public static class SampleServices
{
    public const string FailAtStartupVariable = "SAMPLE_FAIL_AT_STARTUP";

    public static WebApplicationBuilder AddSampleServices(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, SampleJsonContext.Default));
        builder.Services.AddScoped<RequestScope>();
        builder.Services.AddSingleton<SampleMetrics>();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (Environment.GetEnvironmentVariable(FailAtStartupVariable) == "1")
        {
            // Lets the tests check that a start-up failure reaches /runtime/init/error.
            builder.Services.AddHostedService<FailingStartup>();
        }

        return builder;
    }
}
