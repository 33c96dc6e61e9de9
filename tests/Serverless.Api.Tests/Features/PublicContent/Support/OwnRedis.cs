using System.Diagnostics;
using System.Net.Sockets;

namespace Serverless.Api.Tests.Features.PublicContent.Support;

/// <summary>
/// A redis-server of the test's own on a spare port, so an outage test can stop it without touching
/// the shared Redis. Stopped by its process id, never by name.
/// </summary>
public sealed class OwnRedis : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dir = Directory.CreateTempSubdirectory("sl-redis-").FullName;

    private OwnRedis(int port)
    {
        Port = port;
        _process = Process.Start(new ProcessStartInfo("redis-server",
            ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _dir])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
    }

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>Starts on the first free port from 16400 (below the ephemeral range; others may hold 16380).</summary>
    public static async Task<OwnRedis> StartAsync()
    {
        var port = Enumerable.Range(16400, 500).First(IsFree);
        var redis = new OwnRedis(port);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                // Answering, and it is ours (not a server that took the port meanwhile).
                return redis._process.HasExited ? throw new InvalidOperationException($"redis-server could not listen on {port}.") : redis;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Stop()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        _process.Dispose();
        Directory.Delete(_dir, recursive: true);
        return ValueTask.CompletedTask;
    }
}
