using System.Text.Json;
using Amazon.CDK.AWS.CloudFront;
using Constructs;
using Serverless.Infra.Config;

namespace Serverless.Infra.Constructs;

/// <summary>
/// The viewer-request function of /public/*: bounds the locale part of the cache key to the configured
/// set (Edge/public-locale.js says how). The code is a resource of this assembly with the configuration
/// written into it, so the template carries exactly what the tests run under node.
/// </summary>
public sealed class PublicLocaleFunction : Construct
{
    public const string Placeholder = "__LOCALE_CONFIG__";

    public Function Function { get; }

    public PublicLocaleFunction(Construct scope, string id, LocaleConfig locales) : base(scope, id)
    {
        Function = new Function(this, "Function", new FunctionProps
        {
            Comment = "Normalises the /public locale to the supported set",
            Runtime = FunctionRuntime.JS_2_0,
            Code = FunctionCode.FromInline(Code(locales)),
        });
    }

    public static string Code(LocaleConfig locales)
    {
        using var stream = typeof(PublicLocaleFunction).Assembly.GetManifestResourceStream("public-locale.js")
            ?? throw new InvalidOperationException("public-locale.js is not embedded");
        using var reader = new StreamReader(stream);
        var config = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["supported"] = locales.Supported,
            ["fallback"] = locales.Default,
        });
        return reader.ReadToEnd().Replace(Placeholder, config, StringComparison.Ordinal);
    }
}
