using System.Net;
using System.Net.Sockets;

/// <summary>
/// A TCP relay in front of PostgreSQL or Redis that counts round trips: a round trip is the server starting
/// to answer after the client sent something (however many segments either side wrote). Used by the probe
/// with calls made one at a time, so every answer belongs to the call being counted.
/// </summary>
internal sealed class WireTap : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _host;
    private readonly int _port;
    private readonly CancellationTokenSource _stop = new();
    private long _roundTrips;
    private long _bytesUp;
    private long _bytesDown;

    public WireTap(string host, int port)
    {
        _host = host;
        _port = port;
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public (long RoundTrips, long BytesUp, long BytesDown) Read() =>
        (Interlocked.Read(ref _roundTrips), Interlocked.Read(ref _bytesUp), Interlocked.Read(ref _bytesDown));

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var _ = client;
        using var server = new TcpClient { NoDelay = true };
        client.NoDelay = true;
        await server.ConnectAsync(_host, _port);
        var state = new Direction();
        var up = Pump(client.GetStream(), server.GetStream(), state, upward: true);
        var down = Pump(server.GetStream(), client.GetStream(), state, upward: false);
        await Task.WhenAny(up, down);
    }

    private async Task Pump(NetworkStream from, NetworkStream to, Direction state, bool upward)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var n = await from.ReadAsync(buffer, _stop.Token);
                if (n == 0)
                {
                    return;
                }
                lock (state)
                {
                    if (!upward && state.LastUp)
                    {
                        Interlocked.Increment(ref _roundTrips);
                    }
                    state.LastUp = upward;
                }
                Interlocked.Add(ref upward ? ref _bytesUp : ref _bytesDown, n);
                await to.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed class Direction
    {
        public bool LastUp { get; set; }
    }
}
