namespace Serverless.SystemTests.Support;

/// <summary>The API pointed at an SQS endpoint with nothing listening; workers still use the real emulator.</summary>
public sealed class UnreachableSqsFixture : PipelineFixture
{
    protected override Dictionary<string, string?> ApiSettings => new()
    {
        // Port 9 (discard) on loopback: nothing listens, connections are refused at once.
        ["Queues:ServiceUrl"] = "http://127.0.0.1:9",
    };
}
