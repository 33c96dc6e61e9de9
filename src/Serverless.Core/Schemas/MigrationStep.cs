using System.Text.Json;

namespace Serverless.Core.Schemas;

/// <summary>
/// One step of a declarative attribute migration, applied in order to each item's attributes:
/// <list type="bullet">
/// <item><c>rename</c>: move <see cref="From"/> to <see cref="To"/> (nothing when <see cref="From"/> is absent).</item>
/// <item><c>default</c>: set <see cref="Field"/> to <see cref="Value"/> where it is absent.</item>
/// <item><c>drop</c>: remove <see cref="Field"/>.</item>
/// <item><c>split</c>: items whose <see cref="Field"/> equals <see cref="Value"/> move to the type
/// <see cref="ToType"/> (which must have a schema), without that field; later steps do not apply to them.</item>
/// </list>
/// </summary>
public sealed record MigrationStep(string Op, string? From = null, string? To = null, string? Field = null, JsonElement? Value = null, string? ToType = null)
{
    public const string Rename = "rename";
    public const string Default = "default";
    public const string Drop = "drop";
    public const string Split = "split";

    public static readonly IReadOnlyList<string> Ops = [Rename, Default, Drop, Split];
}
