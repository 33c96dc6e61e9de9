namespace Serverless.SystemTests.Support;

/// <summary>
/// One monitored pipeline (API and worker with their /metrics) for every test that reads metrics, run alone
/// after every parallel collection. A meter provider listens to every meter of its names in the process, not
/// only its own host's, and merges an identical instrument from another host into the same series; when that
/// other host is disposed (any test's worker or API finishing meanwhile), its instruments complete and the
/// provider drops the shared series: the scrape then shows little more than <c>target_info</c>. Deployed, a
/// process holds one host, so this is a hazard of many hosts in one test process only (checked by starting
/// and disposing a second worker beside the monitored one: its job, LLM and queue series vanished).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MonitoredPipelineCollection : ICollectionFixture<MonitoredPipelineFixture>
{
    public const string Name = "monitored pipeline";
}
