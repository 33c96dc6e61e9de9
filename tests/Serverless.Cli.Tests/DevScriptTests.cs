using System.Diagnostics;

namespace Serverless.Cli.Tests;

/// <summary>The ./dev entry point as a newcomer uses it: later calls act on the stack that was started.</summary>
public sealed class DevScriptTests : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("serverless-dev-state-").FullName;

    public void Dispose() => Directory.Delete(_state, recursive: true);

    [Fact]
    public async Task AStackStartedOnOtherPorts_IsRememberedByLaterCallsWithoutThem()
    {
        // What `SL_PG_PORT=25999 … ./dev up` leaves behind in its state folder.
        await File.WriteAllTextAsync(Path.Combine(_state, "ports.env"), "SL_PG_PORT=25999\nSL_REDIS_PORT=26999\nSL_API_PORT=6999\n");

        var status = await DevAsync("status");

        Assert.Equal(0, status.ExitCode);
        Assert.Contains("postgres primary (:25999)", status.Output, StringComparison.Ordinal);
        Assert.Contains("redis (:26999)", status.Output, StringComparison.Ordinal);
        Assert.Contains("api (:6999)", status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APortGivenExplicitly_WinsOverTheRememberedOne()
    {
        await File.WriteAllTextAsync(Path.Combine(_state, "ports.env"), "SL_PG_PORT=25999\n");

        var status = await DevAsync("status", ("SL_PG_PORT", "25998"));

        Assert.Contains("postgres primary (:25998)", status.Output, StringComparison.Ordinal);
    }

    private async Task<CliProcess.Result> DevAsync(string command, params (string Name, string Value)[] env)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepoRoot(), "dev"));
        start.ArgumentList.Add(command);
        // The suite itself may run on moved ports: the child must see only what the test gives it.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("SL_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }
        start.Environment["SL_STATE_DIR"] = _state;
        foreach (var (name, value) in env)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new CliProcess.Result(process.ExitCode, await output, await error);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Serverless.sln not found above the test binaries.");
    }
}
