using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Serverless.SystemTests.Support;

namespace Serverless.SystemTests.Schemas;

/// <summary>
/// The three pivots of "a schema that survives pivots", as one story over the API, the worker and the real
/// queues: a type gains a field; a field is renamed by a migration while writes go on and the worker running
/// it is killed mid-way; the type is split into two. At every step old and new items stay valid and readable.
/// </summary>
public sealed class PivotScenarioTests(PipelineFixture fx) : IClassFixture<PipelineFixture>
{
    // Small, paced batches, so the migration is still under way when the test stops its worker.
    private static readonly Dictionary<string, string?> SlowMigrations = new()
    {
        ["AttributeMigrations:BatchSize"] = "3",
        ["AttributeMigrations:PauseMilliseconds"] = "1000",
    };

    [Fact]
    public async Task GainAField_RenameWhileWritingAndKillTheWorker_SplitTheType_NothingIsLostOrInvalid()
    {
        var tenant = await fx.Db.Seeder.TenantWithKeyAsync();
        var client = fx.Client(tenant.ApiKey);

        // v1: media items with an author and a kind.
        await CreateSchemaAsync(client, "media", new
        {
            schema = Schema(("author", "string"), ("kind", "string")),
            indexed = new[] { "kind" },
        });
        var originals = new List<JsonElement>();
        for (var i = 0; i < 24; i++)
        {
            originals.Add(await CreateItemAsync(client, "media", new { author = $"author {i}", kind = i % 3 == 0 ? "video" : "text" }));
        }
        Assert.All(originals, item => Assert.Equal(1, item.GetProperty("schemaVersion").GetInt32()));

        // Pivot 1: the type gains an optional field. Compatible: it applies at once, with no migration.
        var gained = await CreateSchemaAsync(client, "media", new
        {
            schema = Schema(("author", "string"), ("kind", "string"), ("language", "string")),
            indexed = new[] { "kind", "language" },
        });
        Assert.True(gained.GetProperty("schema").GetProperty("compatible").GetBoolean());
        Assert.True(!gained.TryGetProperty("migrationId", out var none) || none.ValueKind == JsonValueKind.Null);
        var french = await CreateItemAsync(client, "media", new { author = "Amélie", kind = "text", language = "fr" });
        Assert.Equal(2, french.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(new[] { french.Id() }, await ListIdsAsync(client, "type=media&attr.language=fr"));
        Assert.Equal(originals[0].GetProperty("attributes"), (await GetAsync(client, originals[0].Id())).GetProperty("attributes"), JsonElementComparer.Instance);

        // Pivot 2: author is renamed to byline. Breaking, so refused without a migration...
        var bylineSchema = Schema(("byline", "string"), ("kind", "string"), ("language", "string"));
        var refused = await client.PostAsJsonAsync("/v1/schemas/media", new { schema = bylineSchema });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("urn:serverless:problem:schema-incompatible", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        // ...and accepted with one; a worker job migrates the stored items.
        var renamed = await CreateSchemaAsync(client, "media", new
        {
            schema = bylineSchema,
            indexed = new[] { "kind", "language" },
            migration = new object[] { new { op = "rename", from = "author", to = "byline" } },
        });
        var renameUrl = renamed.GetProperty("migrationUrl").GetString()!;
        Assert.Equal(25, (await MigrationAsync(client, renameUrl)).GetProperty("total").GetInt32());

        var first = await fx.StartWorkerAsync(SlowMigrations);
        var underway = await Eventually.Until(() => MigrationAsync(client, renameUrl),
            m => m.GetProperty("migrated").GetInt32() > 0, "the rename to get under way");
        // Writes go on during the migration: an old client (the old shape, claiming version 2), a new one, an edit.
        var oldClient = await CreateItemAsync(client, "media", new { author = "still v2", kind = "text" }, schemaVersion: 2);
        var newClient = await CreateItemAsync(client, "media", new { byline = "already v3", kind = "video" });
        var last = originals[^1];
        var edited = await client.SendAsync(Put(last, new { byline = "edited", kind = "text" }));
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        // Kill the worker mid-way; items are readable and writable meanwhile, each valid under the version it claims.
        await first.DisposeAsync();
        var stopped = await MigrationAsync(client, renameUrl);
        Assert.True(stopped.GetProperty("migrated").GetInt32() < 25, $"the migration finished before the worker was stopped: {stopped}");
        Assert.NotEqual("succeeded", stopped.GetProperty("status").GetString());
        foreach (var item in originals)
        {
            var now = await GetAsync(client, item.Id());
            var attributes = now.GetProperty("attributes");
            Assert.True(now.GetProperty("schemaVersion").GetInt32() == 3 ? attributes.TryGetProperty("byline", out _) : attributes.TryGetProperty("author", out _),
                $"item {item.Id()} does not match the version it claims: {now}");
        }
        Assert.Equal(3, oldClient.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("still v2", oldClient.GetProperty("attributes").GetProperty("byline").GetString());
        Assert.Equal(3, newClient.GetProperty("schemaVersion").GetInt32());

        await using (await fx.StartWorkerAsync())
        {
            var done = await Eventually.Until(() => MigrationAsync(client, renameUrl),
                m => m.GetProperty("status").GetString() == "succeeded", "the rename to finish after the restart", timeoutSeconds: 90);
            Assert.Equal(0, done.GetProperty("failed").GetInt32());
            Assert.True(done.GetProperty("migrated").GetInt32() >= underway.GetProperty("migrated").GetInt32());
            await PipelineFixture.JobReachesAsync(client, renamed.GetProperty("jobId").GetGuid(), "succeeded");
        }
        for (var i = 0; i < originals.Count; i++)
        {
            var now = await GetAsync(client, originals[i].Id());
            Assert.Equal(3, now.GetProperty("schemaVersion").GetInt32());
            Assert.Equal(i == originals.Count - 1 ? "edited" : $"author {i}", now.GetProperty("attributes").GetProperty("byline").GetString());
            Assert.False(now.GetProperty("attributes").TryGetProperty("author", out _));
            // Nothing migrated twice: the create, then the migration (the edited item: the edit, after the migration if it got there first).
            var revisions = (await RevisionsAsync(client, originals[i].Id())).GetArrayLength();
            Assert.True(i == originals.Count - 1 ? revisions is 2 or 3 : revisions == 2, $"item {i} has {revisions} revisions");
        }

        // Pivot 3: videos become a type of their own. The new type's first version, then a media version that splits them out.
        await CreateSchemaAsync(client, "video", new { schema = Schema(("byline", "string"), ("language", "string")), indexed = new[] { "byline" } });
        var split = await CreateSchemaAsync(client, "media", new
        {
            schema = Schema(("byline", "string"), ("language", "string")),
            indexed = new[] { "language" },
            migration = new object[]
            {
                new { op = "split", field = "kind", value = "video", toType = "video" },
                new { op = "drop", field = "kind" },
            },
        });
        await using (await fx.StartWorkerAsync())
        {
            var done = await Eventually.Until(() => MigrationAsync(client, split.GetProperty("migrationUrl").GetString()!),
                m => m.GetProperty("status").GetString() == "succeeded", "the split to finish", timeoutSeconds: 90);
            Assert.Equal(9, done.GetProperty("moved").GetInt32()); // 8 original videos and the new client's
            Assert.Equal(18, done.GetProperty("migrated").GetInt32());
        }
        var videos = await ListIdsAsync(client, "type=video&limit=100");
        var media = await ListIdsAsync(client, "type=media&limit=100");
        Assert.Equal(9, videos.Count);
        Assert.Equal(18, media.Count);
        // Every item of the story is still there, under one type or the other, valid under the version it claims.
        var everyId = originals.Select(o => o.Id()).Append(french.Id()).Append(oldClient.Id()).Append(newClient.Id()).ToHashSet();
        Assert.True(everyId.SetEquals(videos.Concat(media)), "an item was lost or duplicated by the split");
        foreach (var id in videos)
        {
            var video = await GetAsync(client, id);
            Assert.Equal(1, video.GetProperty("schemaVersion").GetInt32());
            Assert.False(video.GetProperty("attributes").TryGetProperty("kind", out _));
        }
        Assert.Contains(originals[0].Id(), videos);
        Assert.Equal(new[] { originals[0].Id() }, await ListIdsAsync(client, "type=video&attr.byline=author%200"));
        Assert.Equal(new[] { french.Id() }, await ListIdsAsync(client, "type=media&attr.language=fr"));
        var notIndexed = await client.GetAsync("/v1/content?type=media&attr.byline=x");
        Assert.Equal(HttpStatusCode.BadRequest, notIndexed.StatusCode);
    }

    private static object Schema(params (string Name, string Type)[] fields) => new
    {
        type = "object",
        properties = fields.ToDictionary(f => f.Name, f => new { type = f.Type }),
    };

    private static async Task<JsonElement> CreateSchemaAsync(HttpClient client, string type, object body)
    {
        var response = await client.PostAsJsonAsync($"/v1/schemas/{type}", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> CreateItemAsync(HttpClient client, string type, object attributes, int? schemaVersion = null)
    {
        var response = await client.PostAsJsonAsync("/v1/content", new
        {
            type, slug = $"m-{Guid.NewGuid():N}"[..14], locale = "en", status = "draft", title = "A title", body = "", attributes, schemaVersion,
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static HttpRequestMessage Put(JsonElement item, object attributes) =>
        new(HttpMethod.Put, $"/v1/content/{item.Id()}")
        {
            Content = JsonContent.Create(new { status = "draft", title = "A title", body = "", attributes }),
            Headers = { { "If-Match", "*" } },
        };

    private static async Task<JsonElement> GetAsync(HttpClient client, string id)
    {
        var response = await client.GetAsync($"/v1/content/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> RevisionsAsync(HttpClient client, string id)
    {
        await fx.Db.Database.WaitForReplicaAsync();
        return (await client.GetFromJsonAsync<JsonElement>($"/v1/content/{id}/revisions")).GetProperty("items");
    }

    private static async Task<JsonElement> MigrationAsync(HttpClient client, string url) =>
        await client.GetFromJsonAsync<JsonElement>(url);

    /// <summary>Lists come from the replica: wait until it has replayed what the primary has.</summary>
    private async Task<List<string>> ListIdsAsync(HttpClient client, string query)
    {
        await fx.Db.Database.WaitForReplicaAsync();
        var page = await client.GetFromJsonAsync<JsonElement>($"/v1/content?{query}");
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.Id())];
    }
}

file static class ItemExtensions
{
    public static string Id(this JsonElement item) => item.GetProperty("id").GetString()!;
}

file sealed class JsonElementComparer : IEqualityComparer<JsonElement>
{
    public static readonly JsonElementComparer Instance = new();

    public bool Equals(JsonElement x, JsonElement y) => JsonElement.DeepEquals(x, y);

    public int GetHashCode(JsonElement obj) => 0;
}
