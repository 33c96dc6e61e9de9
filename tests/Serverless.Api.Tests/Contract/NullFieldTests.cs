using System.Text.Json;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Contract;

/// <summary>
/// A field with no value is left out of a response, as the OpenAPI document says (such fields are not
/// required there): a client never has to tell a missing field from a JSON null.
/// </summary>
public sealed class NullFieldTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task AnItemWithoutASchema_LeavesOutItsEmptyFields_InTheCreateTheReadAndTheList()
    {
        var (_, client) = await api.TenantAsync();
        var created = await client.CreateAsync();

        var read = await (await client.GetAsync($"/v1/content/{created.Id()}")).AssertOk();
        var list = await (await client.GetAsync("/v1/content?limit=5")).AssertOk();

        Assert.Empty(NullsIn(created));
        Assert.Empty(NullsIn(read));
        Assert.Empty(NullsIn(list));
    }

    [Fact]
    public async Task TheSettings_LeaveOutAnUnsetWebhook()
    {
        var (tenant, _) = await api.TenantAsync();
        var admin = api.Client().WithBearer(Tokens.Mint(tenant.Tenant.Id, "admin", subject: "ada@example.com"));

        var settings = await (await admin.GetAsync("/v1/settings")).AssertOk();

        Assert.Empty(NullsIn(settings));
    }

    /// <summary>The paths of every JSON null in the document.</summary>
    private static List<string> NullsIn(JsonElement element, string path = "$")
    {
        var found = new List<string>();
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
                found.Add(path);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    found.AddRange(NullsIn(property.Value, $"{path}.{property.Name}"));
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    found.AddRange(NullsIn(item, $"{path}[{i++}]"));
                }
                break;
        }
        return found;
    }
}
