using System.Runtime.CompilerServices;

namespace Serverless.Core.Schemas;

/// <summary>
/// JsonSchema.Net's set-up, run on first use. The library's module initializer registers its vocabularies and
/// dialects and builds every draft's meta-schema from its embedded resources (about 6 ms of CPU). The JIT runs
/// a module initializer when the assembly is first used; Native AOT runs every module initializer at process
/// start, so every cold start of the API and the worker paid it, whether or not a schema was ever checked.
/// <para>
/// The native images make that initializer inert (<c>Schemas/JsonSchemaAot.xml</c>, a substitution passed to ILC
/// by the API's and the worker's projects: its body becomes empty there), and every use of the library here calls
/// <see cref="EnsureInitialized"/> first, which runs the same two steps once. The library's own guard (its
/// <c>_initialized</c> flag, set with <c>Interlocked.Exchange</c>) is the one both paths take, so on the JIT,
/// where the initializer is intact, the steps still run exactly once, whichever comes first.
/// </para>
/// The private names are JsonSchema.Net 8's; a renamed member fails here (<see cref="MissingMemberException"/>)
/// under the JIT's tests and the substitution fails the native package (ILC's warning), never silently.
/// </summary>
public static class JsonSchemaLibrary
{
    private const string ModuleInitialization = "Json.Schema.__ModuleInitialization, JsonSchema.Net";

    /// <summary>Runs the library's set-up if it has not run in this process; cheap afterwards.</summary>
    public static void EnsureInitialized() => _ = Once.Done;

    private static bool Initialize()
    {
        if (Interlocked.Exchange(ref InitializedFlag(null), 1) == 1)
        {
            return true;
        }
        LoadDialects(null);
        LoadMetaSchemas(null);
        return true;
    }

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "_initialized")]
    private static extern ref int InitializedFlag([UnsafeAccessorType(ModuleInitialization)] object? owner);

    [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "LoadDialects")]
    private static extern void LoadDialects([UnsafeAccessorType(ModuleInitialization)] object? owner);

    [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "LoadMetaSchemas")]
    private static extern void LoadMetaSchemas([UnsafeAccessorType(ModuleInitialization)] object? owner);

    // A type initializer runs once, under the runtime's lock, before the first read of Done.
    private static class Once
    {
        internal static readonly bool Done;

#pragma warning disable CA1810 // explicit: not beforefieldinit, so it runs at the first read and not earlier
        static Once() => Done = Initialize();
#pragma warning restore CA1810
    }
}
