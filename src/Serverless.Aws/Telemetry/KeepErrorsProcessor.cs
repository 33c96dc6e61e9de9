using System.Diagnostics;
using OpenTelemetry;

namespace Serverless.Aws.Telemetry;

/// <summary>Marks a recorded-but-unsampled span that ended in an error as sampled, so the exporter after it sends it.</summary>
public sealed class KeepErrorsProcessor : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!data.Recorded && data.Status == ActivityStatusCode.Error)
        {
            data.ActivityTraceFlags |= ActivityTraceFlags.Recorded;
        }
    }
}
