using System.Text.Json;

namespace Serverless.Api.Tests.Packaging;

/// <summary>
/// The API's GC is a measured choice (docs/performance.md, "GC for the AOT build on Lambda"): server GC with DATAS.
/// The project file states it; the runtime configuration the build writes (and Native AOT bakes in from the same
/// properties) must carry it.
/// </summary>
public sealed class GcSettingsTests
{
    [Fact]
    public async Task TheApi_RunsServerGc_WithDynamicAdaptation()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Serverless.Api.runtimeconfig.json");
        using var config = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.True(properties.GetProperty("System.GC.Concurrent").GetBoolean());
        Assert.Equal(1, properties.GetProperty("System.GC.DynamicAdaptationMode").GetInt32());
    }
}
