using Microsoft.Extensions.Options;
using NpgsqlTypes;
using Serverless.Core.Data;

namespace Serverless.Api.Platform.Regions;

/// <summary>
/// Picks the data source for a read from the request: without a consistency token, the replica; with
/// one, the replica once it has replayed past the token (waiting up to Region:ReplicaWaitMs), else the
/// primary. A token that was not issued by us is the caller's error (400), not a reason to guess.
/// </summary>
public sealed class ConsistentReads(ReplicaReads replicas, ConsistencyTokens tokens, IOptions<RegionOptions> options, ReadPathMetrics metrics)
{
    /// <summary>The position the request asks to see, or null when it carries no token.</summary>
    public NpgsqlLogSequenceNumber? RequiredBy(HttpContext http)
    {
        var header = http.Request.Headers[ConsistencyTokens.HeaderName];
        if (header.Count == 0)
        {
            return null;
        }
        return tokens.TryRead(header.ToString(), out var lsn)
            ? lsn
            : throw new BadHttpRequestException($"The {ConsistencyTokens.HeaderName} header is not a token this API issued; send it back exactly as received.");
    }

    public async Task<DataSourceKind> SourceForAsync(NpgsqlLogSequenceNumber? required, CancellationToken ct)
    {
        if (required is null)
        {
            return DataSourceKind.Replica;
        }
        var source = await replicas.SourceForAsync(required, TimeSpan.FromMilliseconds(options.Value.ReplicaWaitMs), ct);
        metrics.ConsistentRead(source);
        return source;
    }

    public async Task<DataSourceKind> SourceForAsync(HttpContext http, CancellationToken ct) => await SourceForAsync(RequiredBy(http), ct);
}
