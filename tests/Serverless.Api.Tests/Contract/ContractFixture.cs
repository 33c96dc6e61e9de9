using System.Text.Json.Nodes;
using Serverless.Api.Tests.Support;
using Serverless.Testing;

namespace Serverless.Api.Tests.Contract;

/// <summary>The API in process, its OpenAPI document, and a seeder for state the document cannot make (drafts in review).</summary>
public sealed class ContractFixture : ApiFixture
{
    private JsonObject? _document;

    public DraftSeeder Drafts => new(Db.App, Db.Database.Admin);

    public async Task<JsonObject> DocumentAsync()
    {
        if (_document is null)
        {
            var text = await Client().GetStringAsync("/openapi/v1.json");
            _document = JsonNode.Parse(text)!.AsObject();
        }
        return _document;
    }
}
