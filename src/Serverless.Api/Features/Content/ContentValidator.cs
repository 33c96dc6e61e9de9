using System.Text.Json;
using Serverless.Core.Content;

namespace Serverless.Api.Features.Content;

/// <summary>
/// Checks requests against <see cref="ContentRules"/>. Field errors are collected, not thrown, so one
/// response names every problem; size-limit breaches are reported apart, because they answer 413.
/// </summary>
public sealed class ContentValidator
{
    private readonly Dictionary<string, List<string>> _errors = [];
    private readonly Dictionary<string, List<string>> _tooLarge = [];

    public bool HasTooLarge => _tooLarge.Count > 0;

    public bool IsValid => _errors.Count == 0 && _tooLarge.Count == 0;

    public Dictionary<string, string[]> Errors => Flatten(_errors);

    public Dictionary<string, string[]> TooLarge => Flatten(_tooLarge);

    public static (NewContent? Content, ContentValidator Result) Validate(CreateContentRequest request)
    {
        var v = new ContentValidator();
        if (!ContentRules.IsType(request.Type))
        {
            v.Add("type", "Required: a lowercase name starting with a letter (letters, digits, '_' and '-'; at most 50), e.g. \"article\".");
        }
        if (!ContentRules.IsSlug(request.Slug))
        {
            v.Add("slug", $"Required: lowercase letters and digits separated by single hyphens, at most {ContentRules.MaxSlugChars} characters, e.g. \"hello-world\".");
        }
        if (!ContentRules.IsLocale(request.Locale))
        {
            v.Add("locale", "Required: a language tag such as \"en\", \"en-GB\", \"pt-BR\" or \"zh-Hant-TW\".");
        }
        var status = v.Status(request.Status ?? "draft");
        var title = v.Title(request.Title);
        var body = v.Body(request.Body);
        var attributes = v.Attributes(request.Attributes);
        v.SchemaVersion(request.SchemaVersion);
        return (v.IsValid ? new NewContent(request.Type!, request.Slug!, request.Locale!, status, title, body, attributes, request.SchemaVersion) : null, v);
    }

    public static (ContentChanges? Changes, ContentValidator Result) Validate(UpdateContentRequest request)
    {
        var v = new ContentValidator();
        if (request.Status is null)
        {
            v.Add("status", $"Required: one of {string.Join(", ", ContentRules.WritableStatuses)}.");
        }
        var status = v.Status(request.Status ?? "draft");
        var title = v.Title(request.Title);
        var body = v.Body(request.Body);
        var attributes = v.Attributes(request.Attributes);
        if (request.Version is <= 0)
        {
            v.Add("version", "Must be a version you read (1 or more).");
        }
        v.SchemaVersion(request.SchemaVersion);
        return (v.IsValid ? new ContentChanges(status, title, body, attributes, request.SchemaVersion) : null, v);
    }

    private string Status(string status)
    {
        if (!ContentRules.WritableStatuses.Contains(status))
        {
            Add("status", $"Must be one of {string.Join(", ", ContentRules.WritableStatuses)}; the other statuses belong to the review workflow.");
        }
        return status;
    }

    private string Title(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            Add("title", "Required.");
        }
        else if (title.Length > ContentRules.MaxTitleChars)
        {
            _tooLarge.Add("title", [$"At most {ContentRules.MaxTitleChars} characters; got {title.Length}."]);
        }
        else if (title.Contains('\0', StringComparison.Ordinal))
        {
            Add("title", "Must not contain the NUL character.");
        }
        return title ?? "";
    }

    private string Body(string? body)
    {
        body ??= "";
        var bytes = ContentRules.Utf8Length(body);
        if (bytes > ContentRules.MaxBodyBytes)
        {
            _tooLarge.Add("body", [$"At most {ContentRules.MaxBodyBytes / 1024} KiB of UTF-8; got {bytes} bytes."]);
        }
        else if (body.Contains('\0', StringComparison.Ordinal))
        {
            Add("body", "Must not contain the NUL character.");
        }
        return body;
    }

    private string Attributes(JsonElement? attributes)
    {
        if (attributes is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return "{}";
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            Add("attributes", "Must be a JSON object.");
            return "{}";
        }
        var json = element.GetRawText();
        var bytes = ContentRules.Utf8Length(json);
        if (bytes > ContentRules.MaxAttributesBytes)
        {
            _tooLarge.Add("attributes", [$"At most {ContentRules.MaxAttributesBytes / 1024} KiB of JSON; got {bytes} bytes."]);
        }
        if (json.Contains("\\u0000", StringComparison.Ordinal))
        {
            Add("attributes", "PostgreSQL cannot store the NUL character (\\u0000) in JSON text.");
        }
        return json;
    }

    private void SchemaVersion(int? version)
    {
        if (version is < 1)
        {
            Add("schemaVersion", "A version of the type's attribute schema (1 or more); leave it out for the latest.");
        }
    }

    private void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(message);
    }

    private static Dictionary<string, string[]> Flatten(Dictionary<string, List<string>> errors) =>
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
