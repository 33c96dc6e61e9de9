using Serverless.Core.Jobs;

namespace Serverless.Worker.Jobs;

/// <summary>Runs one type of job by calling Core; returns the result as JSON. Throwing means "try again later".</summary>
public interface IJobHandler
{
    string Type { get; }

    Task<string> HandleAsync(JobEnvelope job, CancellationToken ct);
}
