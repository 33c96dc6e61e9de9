using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.CDK;
using Serverless.Infra.Config;
using Serverless.Infra.Stacks;

namespace Serverless.Contract.Tests.Support;

/// <summary>One shipped environment file, synthesized once per run, its templates parsed.</summary>
public sealed class SynthesizedPlatform
{
    private static readonly Lock JsiiGate = new();
    private static readonly Dictionary<string, SynthesizedPlatform> Cache = [];

    public PlatformConfig Config { get; }
    public IReadOnlyList<StackTemplate> Stacks { get; }
    public Renderer Renderer { get; }

    private SynthesizedPlatform(string configFile)
    {
        var root = ConfigLoader.FindRepoRoot(AppContext.BaseDirectory);
        var placeholder = Placeholder();
        Config = ConfigLoader.Load(Path.Combine(root, "infra", "config", configFile), root).WithArtifacts(placeholder, placeholder, placeholder);
        var outdir = Directory.CreateTempSubdirectory("serverless-contract-synth-").FullName;
        try
        {
            var app = new App(new AppProps { Outdir = outdir, Context = CdkJsonContext(root) });
            var platform = PlatformStacks.Create(app, Config);
            var assembly = app.Synth();
            Stacks = platform.All.Select(s => new StackTemplate(s.StackName, s.Region, s.Account,
                JsonNode.Parse(File.ReadAllText(assembly.GetStackArtifact(s.ArtifactId).TemplateFullPath))!.AsObject())).ToList();
        }
        finally
        {
            Directory.Delete(outdir, recursive: true);
        }
        Renderer = new Renderer(Stacks);
    }

    /// <summary>Both environments are synthesized once; jsii is not built for concurrent callers.</summary>
    public static SynthesizedPlatform For(string environment)
    {
        lock (JsiiGate)
        {
            if (!Cache.TryGetValue(environment, out var platform))
            {
                Cache[environment] = platform = new SynthesizedPlatform(environment + ".json");
            }
            return platform;
        }
    }

    public StackTemplate Stack(string name) => Stacks.Single(s => s.Name == name);

    private static string Placeholder()
    {
        var zip = Path.Combine(Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "serverless-contract-placeholder")).FullName, "placeholder.zip");
        if (!File.Exists(zip))
        {
            using var archive = ZipFile.Open(zip, ZipArchiveMode.Create);
            using var writer = new StreamWriter(archive.CreateEntry("bootstrap").Open());
            writer.Write("#!/bin/sh\nexit 1\n");
        }
        return zip;
    }

    private static Dictionary<string, object> CdkJsonContext(string root)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "cdk.json")));
        return doc.RootElement.GetProperty("context").EnumerateObject()
            .Where(p => p.Name.StartsWith("@aws-cdk/", StringComparison.Ordinal))
            .ToDictionary(p => p.Name, p => p.Value.ValueKind switch
            {
                JsonValueKind.True => (object)true,
                JsonValueKind.False => false,
                JsonValueKind.Array => p.Value.EnumerateArray().Select(e => e.GetString()!).ToArray(),
                _ => p.Value.ToString(),
            });
    }
}
