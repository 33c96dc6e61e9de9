using System.Text.Json;
using Microsoft.Extensions.Options;
using Serverless.Core.Jobs;
using Serverless.Core.Schemas;

namespace Serverless.Worker.Jobs;

/// <summary>
/// <c>content.attributes.migrate</c>: bring a content type's items to a new schema version, in batches
/// (<see cref="AttributeMigrator"/>). A delivery that is stopped mid-way leaves committed batches in place,
/// and the redelivery carries on after them; the final batch marks the job succeeded in its transaction.
/// </summary>
public sealed class AttributeMigrationJobHandler(AttributeMigrator migrator, IOptions<AttributeMigrationOptions> options) : IJobHandler
{
    public string Type => JobTypes.AttributeMigration;

    public async Task<string> HandleAsync(JobEnvelope job, JobDelivery delivery, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.SchemaVersion != AttributeMigrationPayload.SchemaVersion)
        {
            throw new NotSupportedException($"{Type} schema version {job.SchemaVersion} is not supported by this worker.");
        }
        var payload = job.Payload.Deserialize(SchemaJsonContext.Default.AttributeMigrationPayload)
            ?? throw new JsonException($"The {Type} payload is null.");
        var status = await migrator.RunAsync(job.TenantId, payload.MigrationId, options.Value, maxBatches: null, ct)
            ?? throw new JobRefusedException(JobStatus.Failed, $"Migration {payload.MigrationId} does not exist for this tenant.");
        return JsonSerializer.Serialize(
            new AttributeMigrationResult(status.Id, status.Status, status.Total, status.Migrated, status.Moved, status.Failed),
            SchemaJsonContext.Default.AttributeMigrationResult);
    }
}
