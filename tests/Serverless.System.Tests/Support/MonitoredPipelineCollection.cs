namespace Serverless.SystemTests.Support;

/// <summary>
/// One monitored pipeline (API and worker with their /metrics) for every test that reads metrics, one test at
/// a time: two of them side by side in one process (two API hosts and two workers, each with its own meter
/// provider over the same meter names) left the Prometheus test scraping only <c>target_info</c>.
/// </summary>
[CollectionDefinition(Name)]
public sealed class MonitoredPipelineCollection : ICollectionFixture<MonitoredPipelineFixture>
{
    public const string Name = "monitored pipeline";
}
