namespace Serverless.Worker.Jobs;

/// <summary>
/// Which delivery of a job's message this is. Together with the job id it names one attempt, stably across
/// a retry of the same delivery and differently for the next one (the model budget ledger keys on it).
/// </summary>
public sealed record JobDelivery(string MessageId, int ReceiveCount)
{
    public string AttemptId(Guid jobId) => $"{jobId:N}/{MessageId}/{ReceiveCount}";
}
