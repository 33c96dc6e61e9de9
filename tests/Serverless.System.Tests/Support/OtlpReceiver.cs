using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Serverless.SystemTests.Support;

/// <summary>
/// The trace backend, faked at the edge: an OTLP/HTTP endpoint (<c>POST /v1/traces</c>, protobuf) on a
/// free loopback port that decodes what the hosts' exporters send and keeps every span. An HttpListener,
/// not Kestrel, so the in-process hosts' ASP.NET Core tracing does not trace the receiver itself.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private readonly Task _loop;

    private OtlpReceiver(int port)
    {
        Endpoint = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Endpoint { get; }

    public IReadOnlyList<ReceivedSpan> Spans => [.. _spans];

    public static Task<OtlpReceiver> StartAsync()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return Task.FromResult(new OtlpReceiver(port));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            if (context.Request.HttpMethod == "POST" && context.Request.Url?.AbsolutePath == "/v1/traces")
            {
                foreach (var span in OtlpTraceDecoder.Decode(body.ToArray()))
                {
                    _spans.Enqueue(span);
                }
                // An empty ExportTraceServiceResponse: everything accepted.
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
            }
            else
            {
                context.Response.StatusCode = 404;
            }
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
