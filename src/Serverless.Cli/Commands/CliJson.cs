using System.Text.Json;
using Serverless.Core.ApiKeys;
using Serverless.Core.Tenants;

namespace Serverless.Cli.Commands;

/// <summary>
/// <c>--json</c> output for list and show commands: one JSON document on stdout, camelCase, times in ISO 8601
/// UTC, written field by field (no reflection), so scripts read the same names the API uses.
/// </summary>
public static class CliJson
{
    public static void Write(Action<Utf8JsonWriter> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var stdout = Console.OpenStandardOutput();
        using (var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true }))
        {
            body(writer);
        }
        stdout.WriteByte((byte)'\n');
    }

    public static void Tenant(Utf8JsonWriter json, Tenant tenant)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(tenant);
        json.WriteStartObject();
        json.WriteString("id", tenant.Id);
        json.WriteString("slug", tenant.Slug);
        json.WriteString("name", tenant.Name);
        json.WriteString("tier", tenant.Tier);
        json.WriteString("createdAt", tenant.CreatedAt.ToUniversalTime());
        json.WriteEndObject();
    }

    public static void Key(Utf8JsonWriter json, ApiKeyInfo key, string state)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(key);
        json.WriteStartObject();
        json.WriteString("id", key.Id);
        json.WriteString("prefix", key.Prefix);
        json.WriteString("name", key.Name);
        json.WriteString("state", state);
        json.WriteString("createdAt", key.CreatedAt.ToUniversalTime());
        Time(json, "lastUsedAt", key.LastUsedAt);
        Time(json, "revokedAt", key.RevokedAt);
        json.WriteEndObject();
    }

    private static void Time(Utf8JsonWriter json, string name, DateTimeOffset? at)
    {
        if (at is { } value)
        {
            json.WriteString(name, value.ToUniversalTime());
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
