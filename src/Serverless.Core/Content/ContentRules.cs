using System.Text;
using System.Text.RegularExpressions;

namespace Serverless.Core.Content;

/// <summary>The limits and shapes every item obeys, whoever writes it.</summary>
public static partial class ContentRules
{
    public const int MaxTitleChars = 200;
    public const int MaxBodyBytes = 256 * 1024;
    public const int MaxAttributesBytes = 64 * 1024;
    public const int MaxSlugChars = 100;
    public const int MaxTypeChars = 50;
    public const int MaxLocaleChars = 16;

    /// <summary>The shapes as regular expressions: the validators use them, and the OpenAPI document publishes them.</summary>
    public const string SlugRegex = "^[a-z0-9]+(?:-[a-z0-9]+)*$";
    public const string TypeRegex = "^[a-z][a-z0-9_-]{0,49}$";
    /// <summary>Text with at least one character that is not white space (titles, reviewers' notes).</summary>
    public const string NotBlankRegex = "\\S";
    public const string LocaleRegex = "^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?$";
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>The longest <c>q</c> a content search takes.</summary>
    public const int MaxSearchChars = 200;

    /// <summary>Statuses a client may set directly; the others belong to the review workflow.</summary>
    public static readonly IReadOnlyList<string> WritableStatuses = ["draft", "published"];

    public static readonly IReadOnlyList<string> AllStatuses = ["draft", "in_review", "approved", "published", "archived"];

    public static bool IsSlug(string? value) => value is { Length: > 0 and <= MaxSlugChars } && SlugPattern().IsMatch(value);

    public static bool IsType(string? value) => value is not null && TypePattern().IsMatch(value);

    /// <summary>A BCP 47 tag of the common shapes: language, optional script, optional region (en, en-GB, zh-Hant-TW, es-419).</summary>
    public static bool IsLocale(string? value) => value is { Length: <= MaxLocaleChars } && LocalePattern().IsMatch(value);

    public static int Utf8Length(string value) => Encoding.UTF8.GetByteCount(value);

    [GeneratedRegex(SlugRegex, RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();

    [GeneratedRegex(TypeRegex, RegexOptions.CultureInvariant)]
    private static partial Regex TypePattern();

    [GeneratedRegex(LocaleRegex, RegexOptions.CultureInvariant)]
    private static partial Regex LocalePattern();
}
