using System.Text.Json;

namespace Serverless.Core.Drafts;

/// <summary>The parsed output when it met the schema, else the errors to quote back to the model.</summary>
public sealed record OutputValidation(JsonElement? Value, IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
