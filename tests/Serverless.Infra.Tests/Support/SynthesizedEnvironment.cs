using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Serverless.Infra.Config;
using Serverless.Infra.Stacks;

namespace Serverless.Infra.Tests.Support;

/// <summary>One environment's configuration file, synthesized once, with every template parsed.</summary>
public sealed class SynthesizedEnvironment
{
    private readonly Dictionary<string, Template> _assertions = [];

    public PlatformConfig Config { get; }
    public PlatformStacks Stacks { get; }
    public string OutputDirectory { get; }
    public IReadOnlyDictionary<string, CfnTemplate> Templates { get; }

    /// <param name="adjust">Changes a spec makes to the shipped file, to pin a setting it does not use.</param>
    public SynthesizedEnvironment(string configFile, Func<PlatformConfig, PlatformConfig>? adjust = null)
    {
        var loaded = ConfigLoader.Load(RepoPaths.Of("infra", "config", configFile), RepoPaths.Root);
        loaded = adjust?.Invoke(loaded) ?? loaded;
        Config = loaded.WithArtifacts(
            PlaceholderArtifact.For(loaded.Lambda.ApiArtifact),
            PlaceholderArtifact.For(loaded.Lambda.WorkerArtifact),
            PlaceholderArtifact.For(loaded.Database.MigrationsArtifact));
        OutputDirectory = Directory.CreateTempSubdirectory("serverless-infra-synth-").FullName;

        // The same feature flags as `cdk synth`, so the tests pin what the CLI produces.
        var app = new App(new AppProps { Outdir = OutputDirectory, Context = ConfigLoader.CdkFeatureFlags(RepoPaths.Root) });
        Stacks = PlatformStacks.Create(app, Config);
        var assembly = app.Synth();

        Templates = Stacks.All.ToDictionary(
            s => s.StackName,
            s => new CfnTemplate(s.StackName, JsonNode.Parse(File.ReadAllText(assembly.GetStackArtifact(s.ArtifactId).TemplateFullPath))!.AsObject()));
    }

    public CfnTemplate Of(Stack stack) => Templates[stack.StackName];

    /// <summary>The CDK assertions view of a stack (built from the same synthesis).</summary>
    public Template Assert(Stack stack)
    {
        if (!_assertions.TryGetValue(stack.StackName, out var template))
        {
            template = Template.FromStack(stack);
            _assertions[stack.StackName] = template;
        }
        return template;
    }
}
