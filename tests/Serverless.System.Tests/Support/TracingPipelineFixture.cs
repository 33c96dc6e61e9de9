namespace Serverless.SystemTests.Support;

/// <summary>The pipeline with tracing on in the API and the workers, exporting to a local OTLP receiver.</summary>
public sealed class TracingPipelineFixture : PipelineFixture
{
    public OtlpReceiver Traces { get; private set; } = null!;

    public Dictionary<string, string?> TracingSettings => new()
    {
        ["Telemetry:OtlpEndpoint"] = Traces.Endpoint,
        ["Telemetry:ExportIntervalMilliseconds"] = "200",
        ["Telemetry:Environment"] = "system-test",
    };

    protected override Dictionary<string, string?> ApiSettings => TracingSettings;

    public override async Task InitializeAsync()
    {
        Traces = await OtlpReceiver.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Traces.DisposeAsync();
    }
}
