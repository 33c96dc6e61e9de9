using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Serverless.Infra.Tests.Support;

/// <summary>Runs CloudFront Function code under the local node (Edge/cloudfront-function-harness.mjs).</summary>
public static class CloudFrontFunction
{
    private static readonly string Harness = RepoPaths.Of("tests", "Serverless.Infra.Tests", "Edge", "cloudfront-function-harness.mjs");

    /// <summary>A viewer-request event for GET <paramref name="uri"/> with these query parameters and headers.</summary>
    public static JsonObject ViewerRequest(string uri, IDictionary<string, string>? query = null, IDictionary<string, string>? headers = null) => new()
    {
        ["version"] = "1.0",
        ["context"] = new JsonObject { ["eventType"] = "viewer-request" },
        ["viewer"] = new JsonObject { ["ip"] = "198.51.100.7" },
        ["request"] = new JsonObject
        {
            ["method"] = "GET",
            ["uri"] = uri,
            ["querystring"] = Values(query),
            ["headers"] = Values(headers?.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value)),
            ["cookies"] = new JsonObject(),
        },
    };

    /// <summary>The handler's result for each event, in order.</summary>
    public static IReadOnlyList<JsonObject> Run(string code, IEnumerable<JsonObject> events)
    {
        var start = new ProcessStartInfo("node", [Harness])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        node.StandardInput.Write(new JsonObject { ["code"] = code, ["events"] = new JsonArray([.. events]) }.ToJsonString());
        node.StandardInput.Close();
        node.WaitForExit();
        Assert.True(node.ExitCode == 0, $"node failed: {stderr.Result}");
        return JsonNode.Parse(stdout.Result)!.AsArray().Select(r => r!.AsObject()).ToList();
    }

    private static JsonObject Values(IDictionary<string, string>? values) =>
        new((values ?? new Dictionary<string, string>()).Select(v => KeyValuePair.Create(v.Key, (JsonNode?)new JsonObject { ["value"] = v.Value })));
}
