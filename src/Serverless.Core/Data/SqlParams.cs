using Npgsql;
using NpgsqlTypes;

namespace Serverless.Core.Data;

/// <summary>Typed parameters (no boxing, no type guessing) for the jobs, prompts and drafts stores.</summary>
internal static class SqlParams
{
    public static NpgsqlParameter<Guid> Uuid(Guid value) => new() { TypedValue = value };

    public static NpgsqlParameter<string> Text(string value) => new() { TypedValue = value };

    public static NpgsqlParameter NullableText(string? value) =>
        new() { Value = value is null ? DBNull.Value : value, NpgsqlDbType = NpgsqlDbType.Text };

    public static NpgsqlParameter<int> Int(int value) => new() { TypedValue = value };

    public static NpgsqlParameter NullableInt(int? value) =>
        new() { Value = value is { } v ? v : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer };

    public static NpgsqlParameter<string> Jsonb(string json) => new() { TypedValue = json, NpgsqlDbType = NpgsqlDbType.Jsonb };

    public static NpgsqlParameter NullableJsonb(string? json) =>
        new() { Value = json is null ? DBNull.Value : json, NpgsqlDbType = NpgsqlDbType.Jsonb };
}
