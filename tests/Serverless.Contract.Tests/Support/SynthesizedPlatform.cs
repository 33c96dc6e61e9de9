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

    /// <summary>
    /// A shipped environment as it would be with a NAT gateway: the one shape in which the API is told to
    /// invalidate CloudFront, whose API has no VPC endpoint.
    /// </summary>
    public const string WithNatSuffix = "+nat";

    private SynthesizedPlatform(string environment)
    {
        var root = ConfigLoader.FindRepoRoot(AppContext.BaseDirectory);
        var placeholder = Placeholder();
        var withNat = environment.EndsWith(WithNatSuffix, StringComparison.Ordinal);
        var configFile = (withNat ? environment[..^WithNatSuffix.Length] : environment) + ".json";
        var loaded = ConfigLoader.Load(Path.Combine(root, "infra", "config", configFile), root);
        if (withNat)
        {
            loaded = loaded with { Network = loaded.Network with { NatGateways = 1 } };
        }
        Config = loaded.WithArtifacts(placeholder, placeholder, placeholder);
        var outdir = Directory.CreateTempSubdirectory("serverless-contract-synth-").FullName;
        try
        {
            var app = new App(new AppProps { Outdir = outdir, Context = ConfigLoader.CdkFeatureFlags(root) });
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
                Cache[environment] = platform = new SynthesizedPlatform(environment);
            }
            return platform;
        }
    }

    public StackTemplate Stack(string name) => Stacks.Single(s => s.Name == name);

    /// <summary>The plain SSM parameters the stacks create in a region, by name, values rendered.</summary>
    public IReadOnlyDictionary<string, string> Parameters(string region) =>
        Stacks.Where(s => s.Region == region)
            .SelectMany(s => s.OfType("AWS::SSM::Parameter").Select(p => (Stack: s, Properties: p.Resource["Properties"]!)))
            .Where(p => p.Properties["Name"] is not null)
            .ToDictionary(p => Renderer.Render(p.Properties["Name"], p.Stack), p => Renderer.Render(p.Properties["Value"], p.Stack));

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
}
