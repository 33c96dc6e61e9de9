using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Serverless.Testing;

/// <summary>
/// A loopback TCP proxy to a real server that a test can cut: the "database down" of an outage test,
/// without stopping the shared PostgreSQL other tests use. After <see cref="Cut"/>, open connections
/// are reset and new ones refused; <see cref="RestoreAsync"/> listens on the same port again (the database is back).
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly int _target;
    private readonly ConcurrentBag<TcpClient> _open = [];
    private TcpListener _listener = new(IPAddress.Loopback, 0);
    private CancellationTokenSource _stop = new();
    private Task _accepting;

    public TcpProxy(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public void Cut()
    {
        _stop.Cancel();
        _listener.Stop();
        while (_open.TryTake(out var client))
        {
            client.Client.LingerState = new LingerOption(true, 0);
            client.Dispose();
        }
    }

    /// <summary>After <see cref="Cut"/>: accepts connections on the same port again.</summary>
    public async Task RestoreAsync()
    {
        await _accepting;
        _stop.Dispose();
        _stop = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            Cut();
        }
        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var server = new TcpClient();
                await server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
                _open.Add(client);
                _open.Add(server);
                _ = PumpAsync(client.GetStream(), server.GetStream());
                _ = PumpAsync(server.GetStream(), client.GetStream());
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        try
        {
            await from.CopyToAsync(to, _stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
        }
    }
}
