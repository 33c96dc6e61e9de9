using System.Diagnostics;
using Serverless.Lambda.Tests.Support;

namespace Serverless.Lambda.Tests.Published;

/// <summary>
/// Publishes the sample web app Native AOT once per test run; the tests then drive the executable, as
/// Lambda's provided.al2023 runtime would run a <c>bootstrap</c>.
/// </summary>
public sealed class PublishedSampleFixture : IAsyncLifetime
{
    public string Executable { get; private set; } = string.Empty;

    public string PublishOutput { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var output = Path.Combine(RepositoryPaths.Root, "artifacts", "test-sample");
        var project = Path.Combine(RepositoryPaths.Root, "tests", "Serverless.Lambda.SampleApi", "Serverless.Lambda.SampleApi.csproj");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "publish", project, "-c", "Release", "-r", "linux-x64", "-o", output, "--disable-build-servers", "-nodeReuse:false", "-clp:NoSummary" },
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var publish = Process.Start(start)!;
        var stdout = publish.StandardOutput.ReadToEndAsync();
        var stderr = publish.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await publish.WaitForExitAsync(timeout.Token);
        PublishOutput = await stdout + await stderr;
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException("Publishing the sample failed:\n" + PublishOutput);
        }

        Executable = Path.Combine(output, "Serverless.Lambda.SampleApi");
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
