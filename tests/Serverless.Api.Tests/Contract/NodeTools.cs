using System.Diagnostics;

namespace Serverless.Api.Tests.Contract;

/// <summary>The npm tools pinned in tools/local (redocly, openapi-typescript, tsc), run with node.</summary>
public static class NodeTools
{
    public static string Root { get; } = FindRoot();

    public static string ToolsDir => Path.Combine(Root, "tools", "local");

    public static string Redocly => Path.Combine(ToolsDir, "node_modules", "@redocly", "cli", "bin", "cli.js");

    public static string OpenApiTypeScript => Path.Combine(ToolsDir, "node_modules", "openapi-typescript", "bin", "cli.js");

    public static string Tsc => Path.Combine(ToolsDir, "node_modules", "typescript", "bin", "tsc");

    /// <summary>Installs tools/local (locked) when a fresh clone has not yet.</summary>
    public static void EnsureInstalled()
    {
        if (File.Exists(Redocly) && File.Exists(OpenApiTypeScript) && File.Exists(Tsc))
        {
            return;
        }
        var (exit, output) = Run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], ToolsDir);
        Assert.True(exit == 0, output);
    }

    public static (int Exit, string Output) Node(string script, IEnumerable<string> args, string workingDirectory) =>
        Run("node", [script, .. args], workingDirectory);

    private static (int Exit, string Output) Run(string file, IEnumerable<string> args, string workingDirectory)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // Redocly asks the network for nothing when told so; keep the run offline and quiet.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Serverless.sln not found above " + AppContext.BaseDirectory);
    }
}
