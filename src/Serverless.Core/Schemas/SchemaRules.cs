namespace Serverless.Core.Schemas;

/// <summary>The limits of schemas and migrations; the API's validators and its OpenAPI document read these.</summary>
public static class SchemaRules
{
    /// <summary>A schema document, as JSON text.</summary>
    public const int MaxSchemaBytes = 64 * 1024;

    public const int MaxIndexed = 16;

    public const int MaxSteps = 32;

    /// <summary>A top-level attribute name that can be renamed, defaulted, dropped, split on or indexed.</summary>
    public const string FieldRegex = "^[A-Za-z_][A-Za-z0-9_]{0,63}$";

    public const int MaxFieldChars = 64;

    public static bool IsField(string? name) =>
        name is { Length: > 0 and <= MaxFieldChars } && System.Text.RegularExpressions.Regex.IsMatch(name, FieldRegex, System.Text.RegularExpressions.RegexOptions.CultureInvariant);
}
