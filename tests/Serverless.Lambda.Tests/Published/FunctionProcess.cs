using System.Collections.Concurrent;
using System.Diagnostics;
using Serverless.Lambda.Tests.Emulator;

namespace Serverless.Lambda.Tests.Published;

/// <summary>The published executable running against an emulator, with its stdout (logs and EMF) captured.</summary>
public sealed class FunctionProcess : IDisposable
{
    private readonly Process _process;

    private FunctionProcess(Process process) => _process = process;

    public ConcurrentQueue<string> StandardOutput { get; } = new();

    public ConcurrentQueue<string> StandardError { get; } = new();

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static FunctionProcess Start(string executable, RuntimeApiEmulator emulator, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["AWS_LAMBDA_RUNTIME_API"] = emulator.Address;
        start.Environment["AWS_LAMBDA_FUNCTION_NAME"] = "sample";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var function = new FunctionProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                function.StandardOutput.Enqueue(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                function.StandardError.Enqueue(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return function;
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
