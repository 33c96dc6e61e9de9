using Serverless.Core.Jobs;

namespace Serverless.Worker.Jobs;

/// <summary>Runs one type of job by calling Core; returns the result as JSON. Throwing means "try again later",
/// except <see cref="JobRefusedException"/>, which ends the job.</summary>
public interface IJobHandler
{
    string Type { get; }

    /// <summary>Whether the job calls the model, and so counts against its tenant's cap of model calls at once.</summary>
    bool CallsModel => false;

    /// <summary>Throw <see cref="JobRefusedException"/> to end the job for good instead of retrying it.</summary>
    Task<string> HandleAsync(JobEnvelope job, JobDelivery delivery, CancellationToken ct);
}
