using System.Threading.Channels;
using Serverless.Core.ApiKeys;

namespace Serverless.Api.Auth;

/// <summary>
/// Notes on the primary that keys were used (<c>api_keys.last_used_at</c>), off the request path: keys
/// are checked on the replica, where nothing can be written, and a primary outage must not slow or fail
/// a key check. Best effort: a note that cannot be written (the primary is down, the queue is full) is
/// dropped; the next check of that key notes it again.
/// </summary>
public sealed partial class ApiKeyUseRecorder(ApiKeyAuthenticator authenticator, ILogger<ApiKeyUseRecorder> logger) : BackgroundService
{
    private readonly Channel<string> _prefixes = Channel.CreateBounded<string>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Note(string prefix) => _prefixes.Writer.TryWrite(prefix);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var prefix in _prefixes.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await authenticator.NoteUseAsync(prefix, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogNoteFailed(logger, e.GetType().Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not note an API key's use: {ErrorType}")]
    private static partial void LogNoteFailed(ILogger logger, string errorType);
}
