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
        var position = await http.RequestServices.GetRequiredService<ReplicaReads>().PrimaryPositionAsync(ct);
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
