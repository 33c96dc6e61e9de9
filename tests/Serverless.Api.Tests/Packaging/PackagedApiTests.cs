using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Serverless.Api.Tests.Packaging;

/// <summary>
/// What ships to Lambda holds no development secret: the HS256 signing key and the consistency key live in
/// appsettings.Development.json, which publishing leaves out. The API is published as
/// scripts/package-lambda.sh does (Release, same project, same source generators) but not Native AOT,
/// which would take minutes; the configuration files that go beside the executable are the same.
/// </summary>
public sealed class PackagedApiTests
{
    [Fact]
    public async Task ThePublishedApi_HoldsNoDevelopmentKey_AndNoDevelopmentSettings()
    {
        var root = RepositoryRoot();
        var project = Path.Combine(root, "src", "Serverless.Api");
        using var development = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(project, "appsettings.Development.json")));
        var signingKey = development.RootElement.GetProperty("Jwt").GetProperty("SigningKey").GetString()!;
        var consistencyKey = development.RootElement.GetProperty("Region").GetProperty("ConsistencyKey").GetString()!;
        var secrets = new[] { signingKey, consistencyKey, Encoding.UTF8.GetString(Convert.FromBase64String(consistencyKey)) };
        var work = Directory.CreateTempSubdirectory("serverless-api-publish-");
        try
        {
            var output = Path.Combine(work.FullName, "out");
            await PublishAsync(project, Path.Combine(work.FullName, "artifacts"), output);

            var files = Directory.GetFiles(output, "*", SearchOption.AllDirectories);
            Assert.Contains(files, f => Path.GetFileName(f) == "appsettings.json");
            Assert.DoesNotContain(files, f => Path.GetFileName(f).StartsWith("appsettings.Development", StringComparison.OrdinalIgnoreCase));
            var leaks = new List<string>();
            foreach (var file in files)
            {
                var bytes = await File.ReadAllBytesAsync(file);
                leaks.AddRange(secrets.Where(s => bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(s)) >= 0)
                    .Select(s => $"{Path.GetRelativePath(output, file)} holds {s[..8]}…"));
            }
            Assert.Empty(leaks);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task PublishAsync(string project, string artifacts, string output)
    {
        // Its own artifacts path, so it never shares obj/ with the suite's or package-lambda.sh's builds.
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                "publish", project, "-c", "Release", "-p:PublishAot=false",
                "-p:EnableRequestDelegateGenerator=true", "-p:EnableConfigurationBindingGenerator=true",
                "--artifacts-path", artifacts, "-o", output, "--disable-build-servers", "-nodeReuse:false", "-nologo", "-v", "quiet",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"dotnet publish failed:\n{await stdout}\n{await stderr}");
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
