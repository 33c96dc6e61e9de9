using Serverless.Core.Budgets;
using Serverless.Core.Content;
using Serverless.Core.Data;
using Serverless.Core.Drafts;
using Serverless.Core.Jobs;
using Serverless.Core.Review;
using Serverless.Worker.Llm;

namespace Serverless.Worker.Jobs;

/// <summary>
/// <c>content.draft</c>: generate a draft of the item, then hand it to review, which stores it with the
/// job's success and the model calls' budget settlements in one transaction.
/// </summary>
public sealed class DraftJobHandler(ContentStore content, DraftGenerator generator, ReviewIntake intake, LateSettlements late) : IJobHandler
{
    public string Type => JobTypes.ContentDraft;

    public bool CallsModel => true;

    public async Task<string> HandleAsync(JobEnvelope job, JobDelivery delivery, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(delivery);
        var payload = DraftJobs.ReadPayload(job);
        // Spend an earlier job of this process could not record goes first: this job is about to spend again.
        await late.SettleKeptAsync(ct);
        var item = await content.GetAsync(job.TenantId, payload.ContentId, DataSourceKind.Primary, ct)
            // Deleted (or never there): retrying cannot bring it back, so the job ends here instead of in the DLQ.
            ?? throw new JobRefusedException(JobStatus.Failed, $"Content item {payload.ContentId} does not exist for this tenant (deleted?).");
        // The model calls leave their settlements here; they commit with the job's success (one transaction), or
        // on their own below when the job ends any other way (kept and retried if the database is away then too).
        var settlements = new PendingSettlements();
        try
        {
            GeneratedDraft draft;
            try
            {
                var call = new LlmCall(job.TenantId, DraftGenerator.Feature, delivery.AttemptId(job.JobId)) { Settlements = settlements };
                draft = await generator.GenerateAsync(call, item, payload.Instructions, ct);
            }
            catch (BudgetExhaustedException refused)
            {
                throw new JobRefusedException(JobStatus.BudgetExhausted, refused.Message, refused);
            }
            var stored = await intake.StoreDraftAsync(job.TenantId, payload.ContentId, job.JobId, draft, settlements, ct);
            return stored.ResultJson;
        }
        finally
        {
            // Nothing pending after a committed completion; otherwise settle what the calls spent before this
            // returns (the job is acknowledged after it), whether it is cancelled or not. When the database is away
            // for this too, the spend is kept and settled later (a retry of the job, answered by the cache, would
            // not record it), and the job's own outcome or error stands.
            if (settlements.Count > 0)
            {
                await late.SettleOrKeepAsync(settlements);
            }
        }
    }
}
