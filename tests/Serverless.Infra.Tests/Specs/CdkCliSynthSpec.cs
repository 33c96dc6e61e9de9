using System.Diagnostics;
using System.Text.Json.Nodes;
using Serverless.Infra.Tests.Support;

namespace Serverless.Infra.Tests.Specs;

/// <summary>
/// The real path a developer or CI takes: the npm CDK CLI reads cdk.json, runs the app with
/// `dotnet run` and synthesizes the two-region staging configuration, with no AWS access.
/// </summary>
public sealed class CdkCliSynthSpec
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Cdk_synth_of_the_two_region_configuration_runs_offline()
    {
        var cdk = RepoPaths.Of("tools", "local", "node_modules", ".bin", "cdk");
        if (!File.Exists(cdk))
        {
            var install = await Run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], RepoPaths.Of("tools", "local"));
            Assert.True(install.ExitCode == 0, install.Output);
        }
        var output = Directory.CreateTempSubdirectory("serverless-cdk-synth-").FullName;

        var synth = await Run(cdk,
        [
            "synth", "-q", "--no-notices", "-o", output,
            "-c", "config=infra/config/staging.json",
            "-c", $"apiArtifact={PlaceholderArtifact.Path}",
            "-c", $"workerArtifact={PlaceholderArtifact.Path}",
            "-c", $"migrationsArtifact={PlaceholderArtifact.Path}",
        ], RepoPaths.Root);

        try
        {
            Assert.True(synth.ExitCode == 0, synth.Output);
            var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json")))!;
            var stacks = manifest["artifacts"]!.AsObject().Where(a => (string?)a.Value!["type"] == "aws:cloudformation:stack").ToList();
            Assert.Equal(9, stacks.Count);
            // us-east-1 holds only the edge security stack (WAF and certificate for CloudFront).
            Assert.Equal(
                ["ap-northeast-1", "eu-central-1", "us-east-1"],
                stacks.Select(s => ((string)s.Value!["environment"]!).Split('/')[^1]).Distinct().Order());
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> Run(string file, string[] args, string directory)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = "20";
        start.Environment["CDK_DISABLE_VERSION_CHECK"] = "1";
        // No credentials may leak in: the point is that synthesis needs none.
        start.Environment.Remove("AWS_PROFILE");
        start.Environment.Remove("AWS_ACCESS_KEY_ID");
        start.Environment.Remove("AWS_SECRET_ACCESS_KEY");

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} took longer than {Limit}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
