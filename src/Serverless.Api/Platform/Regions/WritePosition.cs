using NpgsqlTypes;
using Serverless.Core.Data;

namespace Serverless.Api.Platform.Regions;

/// <summary>The primary's WAL position once a request's write has committed, read once per request.</summary>
public static class WritePosition
{
    private static readonly object Key = new();

    public static async Task<NpgsqlLogSequenceNumber> AfterWriteAsync(HttpContext http, CancellationToken ct)
    {
        if (http.Items.TryGetValue(Key, out var known) && known is NpgsqlLogSequenceNumber lsn)
        {
            return lsn;
        }
        // Read in the COMMIT's round trip when the request tracks its commits (ConsistencyTokenFilter does);
        // otherwise asked of the primary now, which is at or past every commit this request made.
        var position = CommitPositions.Current?.Latest
            ?? await http.RequestServices.GetRequiredService<ReplicaReads>().PrimaryPositionAsync(ct);
        http.Items[Key] = position;
        return position;
    }

    /// <summary>The value and status of a handler's result, looking inside <c>Results&lt;…&gt;</c> unions.</summary>
    public static (int? Status, object? Value) Inspect(object? result)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }
        var status = (result as IStatusCodeHttpResult)?.StatusCode;
        var value = (result as IValueHttpResult)?.Value;
        return (status, value);
    }
}
