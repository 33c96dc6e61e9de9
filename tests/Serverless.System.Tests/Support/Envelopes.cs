using System.Text.Json;
using Npgsql;
using Serverless.Core.Jobs;

namespace Serverless.SystemTests.Support;

/// <summary>Rebuilds a job's queue message from its outbox row, exactly as the relay does, to deliver it again.</summary>
public static class Envelopes
{
    public static async Task<string> OfAsync(string adminConnectionString, Guid jobId)
    {
        await using var data = NpgsqlDataSource.Create(adminConnectionString);
        await using var select = data.CreateCommand("SELECT id, tenant_id, type, schema_version, priority, payload, created_at FROM jobs WHERE id = $1");
        select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = jobId });
        await using var reader = await select.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        using var payload = JsonDocument.Parse(reader.GetString(5));
        var envelope = new JobEnvelope(
            reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetInt32(3),
            JobStore.ParsePriority(reader.GetString(4)), payload.RootElement.Clone(), reader.GetFieldValue<DateTimeOffset>(6));
        return JsonSerializer.Serialize(envelope, JobJsonContext.Default.JobEnvelope);
    }
}
