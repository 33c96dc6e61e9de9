using System.Diagnostics;
using Serverless.Lambda.Tests.Emulator;

namespace Serverless.Bench.Runner;

/// <summary>Starts a fresh process against a fresh emulator with the event already queued, as a Lambda cold start.</summary>
internal static class ColdStart
{
    /// <summary>The last run's stderr: the start-up trace when LAMBDA_STARTUP_TRACE=1.</summary>
    public static string Trace { get; private set; } = string.Empty;

    public static async Task<Measurement> MeasureAsync(Candidate candidate)
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var start = new ProcessStartInfo(candidate.Command, candidate.Arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Lambda starts bootstrap in /var/task, its own folder: the content root is small there.
            WorkingDirectory = candidate.Folder,
        };
        start.Environment["AWS_LAMBDA_RUNTIME_API"] = emulator.Address;
        start.Environment["AWS_LAMBDA_FUNCTION_NAME"] = "bench";
        // Logging at warning level, as a production function would; EMF still goes to stdout.
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // As deployed (docs/lambda.md): the package is read-only, so no configuration file watchers.
        start.Environment["DOTNET_hostBuilder__reloadConfigOnChange"] = "false";
        foreach (var (name, value) in candidate.Environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var response = emulator.InvokeAsync(candidate.Event);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stderr = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(response, exited, Task.Delay(TimeSpan.FromSeconds(60))) != response)
        {
            throw new InvalidOperationException($"{candidate.Name} gave no answer (exited: {exited.IsCompleted}); stderr:\n{stderr}");
        }

        var outcome = await response;
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (outcome.IsError || !outcome.BodyText.Contains(candidate.Expect, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{candidate.Name} answered {outcome.BodyText}; stderr:\n{stderr}");
        }

        var cpu = CpuMilliseconds(process.Id);
        var (rss, peak) = Memory(process.Id);
        if (candidate.Command == "perf")
        {
            // Only the profiled child: perf then writes its data and exits by itself.
            foreach (var child in File.ReadAllText($"/proc/{process.Id}/task/{process.Id}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                System.Diagnostics.Process.GetProcessById(int.Parse(child, System.Globalization.CultureInfo.InvariantCulture)).Kill();
            }
        }
        else
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        lock (stderr)
        {
            Trace = stderr.ToString();
        }

        return new Measurement(elapsed, cpu, rss, peak);
    }

    /// <summary>Time on CPU of every thread still alive, in ms (schedstat's first field is nanoseconds).</summary>
    private static double CpuMilliseconds(int pid)
    {
        long total = 0;
        foreach (var task in Directory.GetDirectories($"/proc/{pid}/task"))
        {
            try
            {
                total += long.Parse(File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }

        return total / 1_000_000.0;
    }

    private static (long Rss, long Peak) Memory(int pid)
    {
        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kb(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kb(line);
            }
        }

        return (rss, peak);
    }

    private static long Kb(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
}
