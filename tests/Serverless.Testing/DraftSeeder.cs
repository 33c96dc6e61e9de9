using System.Globalization;
using Npgsql;
using Serverless.Core.Content;
using Serverless.Core.Data;
using Serverless.Core.Drafts;
using Serverless.Core.Jobs;
using Serverless.Core.Review;

namespace Serverless.Testing;

/// <summary>
/// Puts drafts into review the way the worker does (a drafting job, then ReviewIntake.StoreDraftAsync, which routes
/// the draft into review) without an LLM: for tests about review, not about generation.
/// </summary>
public sealed class DraftSeeder(Databases app, string adminConnectionString)
{
    public async Task<ContentItem> ContentAsync(
        Guid tenantId, string title = "Notes for an article", string body = "Points to cover: what, why, how.", string type = "article", string locale = "en")
    {
        var item = new NewContent(type, $"item-{Guid.NewGuid():N}"[..17], locale, "draft", title, body, "{}");
        var outcome = await new ContentStore(app).CreateAsync(tenantId, "test:seed", item, CancellationToken.None);
        return outcome.Item!;
    }

    /// <returns>The draft's id (also its review's id).</returns>
    public async Task<Guid> DraftAsync(
        Guid tenantId, Guid contentId, decimal? confidence, string title = "A drafted title",
        string body = "A drafted body that is long enough to pass the length check.", string? instructions = null, int promptVersion = 1)
    {
        var job = await new DraftRequests(app, new JobStore(app, TimeProvider.System))
            .RequestAsync(tenantId, "standard", contentId, instructions, CancellationToken.None)
            ?? throw new InvalidOperationException("No such content item.");
        return await DraftForJobAsync(tenantId, contentId, job.JobId, confidence, title, body, promptVersion);
    }

    /// <summary>Stores the draft an existing drafting job produced (a regeneration's job, say), as the worker would.</summary>
    public async Task<Guid> DraftForJobAsync(
        Guid tenantId, Guid contentId, Guid jobId, decimal? confidence, string title = "A drafted title",
        string body = "A drafted body that is long enough to pass the length check.", int promptVersion = 1)
    {
        var score = confidence is { } c ? c.ToString(CultureInfo.InvariantCulture) : "null";
        var output = $$"""{"title":"{{title}}","body":"(seeded)","confidence":{{score}}}""";
        var draft = new GeneratedDraft(
            DraftStatus.Generated, title, body, output, null, false, DraftGenerator.PromptKey, promptVersion,
            "offline", "offline-test", 100, 200, 5, confidence);
        return (await new ReviewIntake(app).StoreDraftAsync(tenantId, contentId, jobId, draft, null, CancellationToken.None)).DraftId;
    }

    /// <summary>Sets a tenant's settings as an operator does (the application may not change tenants).</summary>
    public async Task SettingsAsync(Guid tenantId, string settingsJson)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var update = new NpgsqlCommand("UPDATE tenants SET settings = $2::jsonb WHERE id = $1", connection);
        update.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = settingsJson });
        await update.ExecuteNonQueryAsync();
    }

    /// <summary>Reads one value as the operator, for facts no endpoint shows (a job's payload).</summary>
    public async Task<T?> ScalarAsync<T>(string sql, Guid id)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand(sql, connection);
        select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        return await select.ExecuteScalarAsync() is T value ? value : default;
    }
}
