using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Serverless.Core.Review;

/// <summary>
/// Where a queue page ended: the last row's sort keys (confidence, the item's type, the draft's time and id)
/// and the order they belong to. Opaque to callers (base64url); a cursor of another order is refused, since
/// its keys would mean nothing there.
/// </summary>
public sealed record ReviewCursor(string Sort, decimal Confidence, string Type, DateTimeOffset CreatedAt, Guid DraftId)
{
    private const string Version = "r1";

    public static ReviewCursor After(string sort, ReviewQueueItem last) =>
        new(sort, last.Confidence, last.ContentType, last.CreatedAt, last.DraftId);

    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join('\n',
        Version, Sort, Confidence.ToString(CultureInfo.InvariantCulture), Type,
        CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture), DraftId.ToString("N"))));

    /// <returns>The cursor, or null when the text is not one of ours or belongs to another order.</returns>
    public static ReviewCursor? Decode(string text, string sort)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('\n');
            if (parts.Length != 6 || parts[0] != Version || parts[1] != sort
                || !decimal.TryParse(parts[2], NumberStyles.Number, CultureInfo.InvariantCulture, out var confidence)
                || !long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks
                || !Guid.TryParseExact(parts[5], "N", out var id))
            {
                return null;
            }
            return new ReviewCursor(sort, confidence, parts[3], new DateTimeOffset(ticks, TimeSpan.Zero), id);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
