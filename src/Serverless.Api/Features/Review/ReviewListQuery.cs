using Serverless.Core.Content;
using Serverless.Core.Review;

namespace Serverless.Api.Features.Review;

/// <summary>The queue's query string, checked: every bad field is named, nothing is guessed.</summary>
public static class ReviewListQuery
{
    public const int MaxSearch = 200;

    public static ReviewQuery? Parse(
        string? status, string? limit, string? sort, string? cursor, string? q, string? type, string? locale, Dictionary<string, string[]> errors)
    {
        if (status is not null && !ReviewStatus.All.Contains(status))
        {
            errors["status"] = [$"One of {string.Join(", ", ReviewStatus.All)}."];
        }
        var pageSize = 50;
        if (limit is not null && (!int.TryParse(limit, out pageSize) || pageSize is < 1 or > ReviewStore.MaxPage))
        {
            errors["limit"] = [$"A whole number from 1 to {ReviewStore.MaxPage}."];
        }
        sort ??= ReviewSort.Confidence;
        if (!ReviewSort.All.Contains(sort))
        {
            errors["sort"] = [$"One of {string.Join(", ", ReviewSort.All)}."];
        }
        ReviewCursor? after = null;
        if (cursor is not null && !errors.ContainsKey("sort") && (after = ReviewCursor.Decode(cursor, sort)) is null)
        {
            errors["cursor"] = ["Not a cursor this endpoint gave for this sort order; start again without one."];
        }
        if (q is { Length: > MaxSearch })
        {
            errors["q"] = [$"At most {MaxSearch} characters."];
        }
        if (type is not null && !ContentRules.IsType(type))
        {
            errors["type"] = ["Not a content type such as \"article\"."];
        }
        if (locale is not null && !ContentRules.IsLocale(locale))
        {
            errors["locale"] = ["Not a language tag such as \"en\" or \"en-GB\"."];
        }
        return errors.Count > 0
            ? null
            : new ReviewQuery(status ?? ReviewStatus.InReview, sort, pageSize, string.IsNullOrWhiteSpace(q) ? null : q.Trim(), type, locale, after);
    }
}
