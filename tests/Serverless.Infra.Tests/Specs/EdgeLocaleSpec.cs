using System.Text.Json.Nodes;
using Serverless.Infra.Tests.Support;

namespace Serverless.Infra.Tests.Specs;

/// <summary>
/// The /public cache key has a bounded set of values: a viewer-request CloudFront Function maps
/// ?locale= and Accept-Language onto the configured locales, and its code (taken from the synthesized
/// template) is run under node here.
/// </summary>
[Collection(PlatformsCollection.Name)]
public sealed class EdgeLocaleSpec(Platforms platforms)
{
    private static JsonNode Distribution(SynthesizedEnvironment env) =>
        env.Of(env.Stacks.Edge).Single("AWS::CloudFront::Distribution")["DistributionConfig"]!;

    private static JsonNode PublicBehavior(SynthesizedEnvironment env) =>
        Distribution(env)["CacheBehaviors"]!.AsArray().Single(b => (string?)b!["PathPattern"] == "/public/*")!;

    private static CfnResource LocaleFunction(SynthesizedEnvironment env) =>
        env.Of(env.Stacks.Edge).Single("AWS::CloudFront::Function");

    /// <summary>What the function sends on for one request: the locale it chose (null: none) and the request.</summary>
    private static (string? Locale, JsonObject Request) Normalise(SynthesizedEnvironment env, IDictionary<string, string>? query = null, IDictionary<string, string>? headers = null) =>
        Normalise((string)LocaleFunction(env)["FunctionCode"]!, query, headers);

    private static (string? Locale, JsonObject Request) Normalise(string code, IDictionary<string, string>? query = null, IDictionary<string, string>? headers = null)
    {
        var request = CloudFrontFunction.Run(code, [CloudFrontFunction.ViewerRequest("/public/acme/article/hello", query, headers)]).Single();
        return ((string?)request["querystring"]!["locale"]?["value"], request);
    }

    private static Dictionary<string, string> AcceptLanguage(string value) => new() { ["Accept-Language"] = value };

    private static Dictionary<string, string> Locale(string value) => new() { ["locale"] = value };

    [Fact]
    public void Public_reads_run_the_locale_function_on_viewer_request_in_the_JS_2_0_runtime()
    {
        foreach (var env in platforms.Both)
        {
            var function = LocaleFunction(env);
            var association = Assert.Single(PublicBehavior(env)["FunctionAssociations"]!.AsArray())!;

            Assert.Equal("cloudfront-js-2.0", (string?)function["FunctionConfig"]!["Runtime"]);
            Assert.True((bool?)function["AutoPublish"]);
            Assert.Equal("viewer-request", (string?)association["EventType"]);
            Assert.Contains(function.LogicalId, association["FunctionARN"]!.ToJsonString(), StringComparison.Ordinal);
            // CloudFront Functions are limited to 10 KB of code.
            Assert.True(((string)function["FunctionCode"]!).Length < 10_240);
        }
    }

    [Fact]
    public void The_cache_key_holds_only_the_normalised_locale_and_never_raw_Accept_Language()
    {
        foreach (var env in platforms.Both)
        {
            var key = env.Of(env.Stacks.Edge).Single("AWS::CloudFront::CachePolicy")["CachePolicyConfig"]!["ParametersInCacheKeyAndForwardedToOrigin"]!;

            Assert.Equal("none", (string?)key["HeadersConfig"]!["HeaderBehavior"]);
            Assert.Equal("whitelist", (string?)key["QueryStringsConfig"]!["QueryStringBehavior"]);
            Assert.Equal(["locale"], key["QueryStringsConfig"]!["QueryStrings"]!.AsArray().Select(q => (string)q!));
        }
    }

    [Fact]
    public void Without_any_locale_the_request_goes_on_without_one_so_the_tenant_default_applies()
    {
        var (locale, request) = Normalise(platforms.Staging);

        Assert.Null(locale);
        Assert.Empty(request["querystring"]!.AsObject());
    }

    [Fact]
    public void Accept_Language_picks_the_supported_locale_with_the_highest_q_value()
    {
        var env = platforms.Staging;

        Assert.Equal("de", Normalise(env, headers: AcceptLanguage("en;q=0.3, de;q=0.9, fr;q=0.5")).Locale);
        Assert.Equal("fr", Normalise(env, headers: AcceptLanguage("fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5")).Locale);
        // q=0 means "not this one"; a region subtag falls back to its language.
        Assert.Equal("es", Normalise(env, headers: AcceptLanguage("de;q=0, es-MX;q=0.4")).Locale);
        // Unsupported languages are skipped, whatever their weight.
        Assert.Equal("ja", Normalise(env, headers: AcceptLanguage("sv, nb;q=0.9, ja;q=0.1")).Locale);
    }

    [Fact]
    public void An_explicit_locale_wins_over_Accept_Language_and_is_folded_to_lower_case()
    {
        var env = platforms.Staging;

        Assert.Equal("ja", Normalise(env, Locale("ja"), AcceptLanguage("de")).Locale);
        Assert.Equal("de", Normalise(env, Locale("DE-at")).Locale);
    }

    [Fact]
    public void Unknown_locales_fall_back_to_the_default()
    {
        var env = platforms.Staging;
        var withDefault = Serverless.Infra.Constructs.PublicLocaleFunction.Code(env.Config.Edge.Locales with { Default = "en" });

        Assert.Null(Normalise(env, Locale("sv")).Locale);
        Assert.Null(Normalise(env, headers: AcceptLanguage("sv-SE, nb;q=0.8")).Locale);
        Assert.Equal("en", Normalise(withDefault, Locale("sv")).Locale);
        Assert.Equal("en", Normalise(withDefault, headers: AcceptLanguage("sv-SE")).Locale);
        Assert.Equal("en", Normalise(withDefault).Locale);
    }

    [Fact]
    public void Random_junk_maps_into_the_bounded_set_and_only_the_locale_goes_on()
    {
        var env = platforms.Production;
        var allowed = env.Config.Edge.Locales.Supported.Cast<string?>().Append(env.Config.Edge.Locales.Default).ToHashSet();
        var random = new Random(20261201);
        string Junk() => new([.. Enumerable.Range(0, random.Next(0, 40)).Select(_ => (char)random.Next(32, 127))]);
        var events = Enumerable.Range(0, 200)
            .Select(i => CloudFrontFunction.ViewerRequest(
                "/public/acme/article/hello",
                new Dictionary<string, string> { ["locale"] = Junk(), ["utm_source"] = Junk(), [$"x{i}"] = "1" },
                AcceptLanguage(Junk())))
            .Concat(Enumerable.Range(0, 100).Select(_ => CloudFrontFunction.ViewerRequest("/public/acme/article/hello", headers: AcceptLanguage(Junk()))))
            .ToList();

        var results = CloudFrontFunction.Run((string)LocaleFunction(env)["FunctionCode"]!, events);

        Assert.Equal(events.Count, results.Count);
        Assert.All(results, request =>
        {
            var query = request["querystring"]!.AsObject();
            Assert.True(query.Count <= 1, query.ToJsonString());
            Assert.Contains((string?)query["locale"]?["value"], allowed);
            Assert.Null(request["headers"]!["accept-language"]);
        });
    }
}
