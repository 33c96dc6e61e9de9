namespace Serverless.SystemTests.Support;

/// <summary>Queues that allow ten deliveries before the DLQ, for jobs that must outlive an outage.</summary>
public sealed class PatientQueuesFixture : PipelineFixture
{
    public override Dictionary<string, string?> SharedSettings
    {
        get
        {
            var settings = base.SharedSettings;
            settings["Queues:MaxReceiveCount"] = "10";
            settings["Worker:MaxAttempts"] = "10";
            return settings;
        }
    }
}
