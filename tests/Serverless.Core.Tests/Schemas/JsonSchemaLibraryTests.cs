using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Xml.Linq;
using Json.Schema;
using Serverless.Core.Schemas;

namespace Serverless.Core.Tests.Schemas;

/// <summary>
/// In the native images JsonSchema.Net's module initializer does nothing (src/Serverless.Core/Schemas/JsonSchemaAot.xml)
/// and <see cref="JsonSchemaLibrary.EnsureInitialized"/> runs the same set-up on first use. The JIT runs the
/// initializer intact, so these pin what both sides rely on: the names, and that the set-up still happens once.
/// </summary>
public sealed class JsonSchemaLibraryTests
{
    private const BindingFlags Static = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;

    [Fact]
    public void EnsureInitialized_FindsTheLibrarysSetUp_AndLeavesEveryDraftsMetaSchemaBuilt()
    {
        JsonSchemaLibrary.EnsureInitialized();
        JsonSchemaLibrary.EnsureInitialized();

        Assert.NotNull(MetaSchemas.Draft6);
        Assert.NotNull(MetaSchemas.Draft7);
        Assert.NotNull(MetaSchemas.Draft201909);
        Assert.NotNull(MetaSchemas.Draft202012);
    }

    [Fact]
    public void ASchemaBuiltAfterIt_ValidatesAsBefore()
    {
        JsonSchemaLibrary.EnsureInitialized();
        using var schema = JsonDocument.Parse("""{"type":"object","required":["title"],"properties":{"title":{"type":"string","maxLength":3}}}""");
        using var tooLong = JsonDocument.Parse("""{"title":"four"}""");

        var version = new ContentTypeSchema("article", 1, schema.RootElement.Clone(), [], true, null, "test", DateTimeOffset.UnixEpoch);

        var error = Assert.Single(new AttributeValidator().Validate(Guid.NewGuid(), version, tooLong.RootElement));
        Assert.StartsWith("/title: ", error, StringComparison.Ordinal);
        Assert.EndsWith(" (maxLength)", error, StringComparison.Ordinal);
        Assert.Null(AttributeValidator.Problem(schema.RootElement));
    }

    [Fact]
    public void TheNativeImagesSubstitution_StubsTheLibrarysModuleInitializer_WhoseStepsEnsureInitializedRuns()
    {
        var root = RepositoryRoot();
        var file = XDocument.Load(Path.Combine(root, "src", "Serverless.Core", "Schemas", "JsonSchemaAot.xml"));
        var assembly = Assert.Single(file.Descendants("assembly"));
        var type = Assert.Single(assembly.Elements("type"));
        var method = Assert.Single(type.Elements("method"));
        var library = typeof(JsonSchema).Assembly;

        Assert.Equal(library.GetName().Name, assembly.Attribute("fullname")!.Value);
        var initialization = library.GetType(type.Attribute("fullname")!.Value, throwOnError: true)!;
        // ILC applies a body substitution only to a method named by its signature ("System.Void Name()"); one
        // named with name="..." is silently ignored, and the initializer would run at every start as before.
        Assert.Null(method.Attribute("name"));
        var signature = method.Attribute("signature")!.Value;
        Assert.Equal("System.Void Initialize()", signature);
        var initialize = initialization.GetMethod("Initialize", Static, Type.EmptyTypes);
        Assert.NotNull(initialize);
        Assert.Equal(typeof(void), initialize.ReturnType);
        Assert.True(initialize.IsDefined(typeof(ModuleInitializerAttribute)), "the stubbed method is the library's module initializer");
        Assert.Equal("stub", method.Attribute("body")!.Value);
        // What EnsureInitialized reaches with UnsafeAccessor: the initializer's guard and its two steps.
        Assert.Equal(typeof(int), initialization.GetField("_initialized", Static)?.FieldType);
        Assert.NotNull(initialization.GetMethod("LoadDialects", Static, Type.EmptyTypes));
        Assert.NotNull(initialization.GetMethod("LoadMetaSchemas", Static, Type.EmptyTypes));
        // Both native images that hold the library pass it to ILC.
        foreach (var project in new[] { "Serverless.Api", "Serverless.Worker" })
        {
            var csproj = File.ReadAllText(Path.Combine(root, "src", project, project + ".csproj"));
            Assert.Contains("--substitution:$(MSBuildThisFileDirectory)../Serverless.Core/Schemas/JsonSchemaAot.xml", csproj, StringComparison.Ordinal);
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Serverless.sln not found above " + AppContext.BaseDirectory);
    }
}
