using System.Diagnostics;
using Serverless.Testing;

namespace Serverless.Cli.Tests;

/// <summary>Runs the built CLI as an operator would, with Database__Admin pointing at a test database.</summary>
public static class CliProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Task<Result> RunAsync(string adminConnectionString, params string[] args) =>
        RunAsync(adminConnectionString, new Dictionary<string, string>(), null, args);

    /// <param name="environment">Extra environment variables (AWS credentials, stand-in endpoints).</param>
    /// <param name="input">What the operator types or pipes in, or null for nothing.</param>
    public static async Task<Result> RunAsync(string adminConnectionString, IReadOnlyDictionary<string, string> environment, string? input, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        // The key ./dev gives the CLI; a test's own environment may replace it.
        start.Environment["SecretsAtRest__Key"] = TestSecrets.Key;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Serverless.Cli.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["Database__Admin"] = adminConnectionString;
        using var process = Process.Start(start)!;
        if (input is not null)
        {
            await process.StandardInput.WriteLineAsync(input);
        }
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Result(process.ExitCode, await output, await error);
    }
}
