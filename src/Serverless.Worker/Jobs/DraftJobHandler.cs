using System.Text.Json;
using Serverless.Core.Content;
using Serverless.Core.Data;
using Serverless.Core.Drafts;
using Serverless.Core.Jobs;

namespace Serverless.Worker.Jobs;

/// <summary><c>content.draft</c>: generate a draft of the item and store it with the job's success, in one transaction.</summary>
public sealed class DraftJobHandler(ContentStore content, DraftGenerator generator, DraftStore drafts) : IJobHandler
{
    public string Type => JobTypes.ContentDraft;

    public async Task<string> HandleAsync(JobEnvelope job, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.SchemaVersion != DraftJobPayload.SchemaVersion)
        {
            throw new NotSupportedException($"content.draft schema version {job.SchemaVersion} is not supported by this worker.");
        }
        var payload = job.Payload.Deserialize(JobJsonContext.Default.DraftJobPayload)
            ?? throw new JsonException("The content.draft payload is null.");
        var item = await content.GetAsync(job.TenantId, payload.ContentId, DataSourceKind.Primary, ct)
            ?? throw new InvalidOperationException($"Content item {payload.ContentId} does not exist for this tenant.");
        var draft = await generator.GenerateAsync(job.TenantId, item, payload.Instructions, ct);
        var id = await drafts.SaveAsync(job.TenantId, payload.ContentId, job.JobId, draft, ct);
        return JsonSerializer.Serialize(new DraftJobResult(id, draft.Status), JobJsonContext.Default.DraftJobResult);
    }
}
