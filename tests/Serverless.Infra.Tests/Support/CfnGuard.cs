using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace Serverless.Infra.Tests.Support;

/// <summary>
/// The cfn-guard binary and AWS Control Tower rules that npm's @cdklabs/cdk-validator-cfnguard ships
/// (pinned in tools/local/package.json); runs offline over template files.
/// </summary>
public static class CfnGuard
{
    private static readonly string Package = RepoPaths.Of("tools", "local", "node_modules", "@cdklabs", "cdk-validator-cfnguard");

    public static string Rules => Path.Combine(Package, "rules", "control-tower", "cfn-guard");

    /// <summary>A rule a resource of a template does not satisfy.</summary>
    public sealed record Finding(string Template, string LogicalId, string Rule)
    {
        public override string ToString() => $"{Template}/{LogicalId}: {Rule}";
    }

    public static string Binary
    {
        get
        {
            var os = OperatingSystem.IsMacOS() ? "macos" : "ubuntu";
            var arch = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "aarch64" : "x86_64";
            return Path.Combine(Package, "bin", os, arch, "cfn-guard");
        }
    }

    /// <summary>Installs tools/local when a fresh clone has not yet.</summary>
    public static void EnsureInstalled()
    {
        if (File.Exists(Binary))
        {
            return;
        }
        var (exit, output) = Run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], RepoPaths.Of("tools", "local"));
        Assert.True(exit == 0, output);
    }

    /// <summary>Every rule every resource fails, for each template file (named by its file name without extension).</summary>
    public static IReadOnlyList<Finding> Validate(IEnumerable<string> templates)
    {
        EnsureInstalled();
        string[] args = ["validate", "--rules", Rules, "--output-format", "json", "--show-summary", "none", "--structured",
            .. templates.SelectMany(t => new[] { "--data", t })];
        var (exit, output) = Run(Binary, args, RepoPaths.Root);
        // 0: all compliant; 19: some rule failed. Anything else is cfn-guard failing to run.
        Assert.True(exit is 0 or 19, $"cfn-guard exited {exit}: {output}");

        var findings = new List<Finding>();
        foreach (var file in JsonNode.Parse(output)!.AsArray())
        {
            var template = Path.GetFileName((string)file!["name"]!).Replace(".template.json", "", StringComparison.Ordinal);
            foreach (var failure in file["not_compliant"]?.AsArray() ?? [])
            {
                var rule = (string)failure!["Rule"]!["name"]!;
                var resources = new SortedSet<string>(StringComparer.Ordinal);
                CollectResources(failure, resources);
                findings.AddRange((resources.Count == 0 ? ["*"] : resources).Select(id => new Finding(template, id, rule)));
            }
        }
        return findings.Distinct().ToList();
    }

    // cfn-guard reports where each clause looked ("/Resources/<logical id>/Properties/..."); the
    // logical ids on those paths are the resources that failed.
    private static void CollectResources(JsonNode? node, ISet<string> resources)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key == "path" && value is JsonValue v && v.TryGetValue<string>(out var path) && path.StartsWith("/Resources/", StringComparison.Ordinal))
                    {
                        resources.Add(path.Split('/')[2]);
                    }
                    else
                    {
                        CollectResources(value, resources);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    CollectResources(item, resources);
                }
                break;
        }
    }

    private static (int ExitCode, string Output) Run(string file, IEnumerable<string> args, string directory)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, process.ExitCode is 0 or 19 ? stdout.Result : stdout.Result + stderr.Result);
    }
}
