using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Serverless.Lambda.Hosting;

/// <summary>
/// The response side of one invocation: status, headers and a buffered body. OnStarting and OnCompleted
/// callbacks run in reverse order of registration, as on Kestrel.
/// </summary>
internal sealed class LambdaResponseFeature : IHttpResponseFeature, IHttpResponseBodyFeature, IDisposable
{
    private readonly Stack<(Func<object, Task> Callback, object State)> _onStarting = new();
    private readonly Stack<(Func<object, Task> Callback, object State)> _onCompleted = new();
    private readonly ResponseBodyStream _body;
    private PipeWriter? _writer;
    private int _statusCode = StatusCodes.Status200OK;
    private string? _reasonPhrase;
    private bool _sent;

    public LambdaResponseFeature() => _body = new ResponseBodyStream(this);

    /// <summary>Fixed once the response has started, as on Kestrel: a late change would be silently lost otherwise.</summary>
    public int StatusCode
    {
        get => _statusCode;
        set
        {
            ThrowIfSent(nameof(StatusCode));
            _statusCode = value;
        }
    }

    public string? ReasonPhrase
    {
        get => _reasonPhrase;
        set
        {
            ThrowIfSent(nameof(ReasonPhrase));
            _reasonPhrase = value;
        }
    }

    public IHeaderDictionary Headers { get; set; } = new HeaderDictionary();

    /// <summary>Old-style access to the body: the same buffer as <see cref="Stream"/>, never a sink that loses bytes.</summary>
    [Obsolete("Use IHttpResponseBodyFeature.Stream.")]
    public Stream Body
    {
        get => _body;
        set => throw new NotSupportedException("Replace the body through HttpResponse.Body, which wraps IHttpResponseBodyFeature.");
    }

    public bool HasStarted { get; private set; }

    public Stream Stream => _body;

    public PipeWriter Writer => _writer ??= PipeWriter.Create(_body, new StreamPipeWriterOptions(leaveOpen: true));

    public ReadOnlyMemory<byte> BodyBytes => _body.Written;

    public void OnStarting(Func<object, Task> callback, object state) => _onStarting.Push((callback, state));

    public void OnCompleted(Func<object, Task> callback, object state) => _onCompleted.Push((callback, state));

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (HasStarted)
        {
            return;
        }

        // Set first: a callback that writes must not re-enter.
        HasStarted = true;
        while (_onStarting.TryPop(out var entry))
        {
            await entry.Callback(entry.State);
        }

        // From here on the headers are "on the wire": Kestrel makes them read-only, so setting one throws.
        _sent = true;
        if (Headers is HeaderDictionary headers)
        {
            headers.IsReadOnly = true;
        }
    }

    public async Task CompleteAsync()
    {
        await StartAsync();
        if (_writer is not null)
        {
            await _writer.FlushAsync();
        }
    }

    /// <summary>Runs every completion callback, each isolated: one that throws is reported and the rest still run.</summary>
    public async Task FireOnCompletedAsync(Action<Exception> failed)
    {
        ArgumentNullException.ThrowIfNull(failed);
        while (_onCompleted.TryPop(out var entry))
        {
            try
            {
                await entry.Callback(entry.State);
            }
            catch (Exception exception)
            {
                failed(exception);
            }
        }
    }

    public void DisableBuffering()
    {
    }

    public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, useAsync: true);
        file.Seek(offset, SeekOrigin.Begin);
        var remaining = count ?? (file.Length - offset);
        var buffer = new byte[Math.Min(81920, Math.Max(remaining, 1))];
        while (remaining > 0)
        {
            var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken);
            if (read == 0)
            {
                break;
            }

            await _body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            remaining -= read;
        }
    }

    public void Dispose() => _body.Dispose();

    private void ThrowIfSent(string what)
    {
        if (_sent)
        {
            throw new InvalidOperationException($"{what} cannot be set because the response has already started.");
        }
    }
}
