using System.Diagnostics;
using Serverless.Lambda.Tests.Support;

namespace Serverless.Lambda.Tests.Published;

/// <summary>
/// Packages the sample web app once per test run with <c>scripts/package-lambda.sh</c> (Native AOT,
/// renamed <c>bootstrap</c>, zero warnings allowed; it installs clang and zlib1g-dev when missing), then the
/// tests run that <c>bootstrap</c> as Lambda's provided.al2023 runtime would.
/// </summary>
public sealed class PublishedSampleFixture : IAsyncLifetime
{
    public string Executable { get; private set; } = string.Empty;

    public string PublishLog { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { Path.Combine(RepositoryPaths.Root, "scripts", "package-lambda.sh"), "tests/Serverless.Lambda.SampleApi", "test-sample" },
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var package = Process.Start(start)!;
        var stdout = package.StandardOutput.ReadToEndAsync();
        var stderr = package.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await package.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;
        if (package.ExitCode != 0)
        {
            throw new InvalidOperationException("Packaging the sample failed:\n" + output);
        }

        var artifacts = Path.Combine(RepositoryPaths.Root, "artifacts", "lambda");
        PublishLog = await File.ReadAllTextAsync(Path.Combine(artifacts, "test-sample.publish.log"));
        Executable = Path.Combine(artifacts, "test-sample", "bootstrap");
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
