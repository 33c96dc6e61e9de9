using System.Text.RegularExpressions;
using Serverless.Infra.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Serverless.Infra.Tests.Specs;

public sealed partial class WorkflowSpec
{
    public static TheoryData<string> Workflows => new() { "ci.yml", "deploy.yml" };

    private static YamlMappingNode Load(string file)
    {
        using var reader = new StreamReader(RepoPaths.Of(".github", "workflows", file));
        var stream = new YamlStream();
        stream.Load(reader);
        return (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
    }

    private static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)];

    private static string? Scalar(YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;

    private static IEnumerable<(string Job, YamlMappingNode Step)> Steps(YamlMappingNode workflow) =>
        Map(workflow, "jobs").Children.SelectMany(job =>
            ((YamlSequenceNode)((YamlMappingNode)job.Value).Children[new YamlScalarNode("steps")]).Children
                .Select(step => (((YamlScalarNode)job.Key).Value!, (YamlMappingNode)step)));

    [GeneratedRegex(@"(?<![\w/.-])(\./dev|scripts/[\w.-]+\.sh)\b")]
    private static partial Regex ScriptReference();

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Every_job_runs_on_a_pinned_runner_and_every_step_runs_or_uses_something(string file)
    {
        var workflow = Load(file);

        Assert.NotEmpty(Map(workflow, "jobs").Children);
        Assert.All(Map(workflow, "jobs").Children, job => Assert.StartsWith("ubuntu-", Scalar(job.Value, "runs-on")));
        Assert.All(Steps(workflow), s => Assert.True(Scalar(s.Step, "run") is not null ^ Scalar(s.Step, "uses") is not null, $"{s.Job}: a step needs run or uses"));
        Assert.All(Steps(workflow).Select(s => Scalar(s.Step, "uses")).OfType<string>(), uses => Assert.Matches(@"@v\d+$", uses));
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Every_script_a_step_runs_exists_in_the_repository_and_is_executable(string file)
    {
        var scripts = Steps(Load(file))
            .Select(s => Scalar(s.Step, "run"))
            .OfType<string>()
            .SelectMany(run => ScriptReference().Matches(run).Select(m => m.Value))
            .Distinct()
            .ToList();

        Assert.NotEmpty(scripts);
        Assert.All(scripts, script =>
        {
            var path = RepoPaths.Of(script);
            Assert.True(File.Exists(path), $"{file} runs {script}, which does not exist");
            // GitHub's runners are Linux; a script committed without its execute bit fails there.
            Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute), $"{script} is not executable");
        });
    }

    [Fact]
    public void CI_runs_the_README_test_command_and_synthesizes_every_environment()
    {
        var ci = Load("ci.yml");
        var runs = Steps(ci).Select(s => Scalar(s.Step, "run")).OfType<string>().ToList();
        var environments = ((YamlSequenceNode)Map(Map(Map(ci, "jobs"), "synth"), "strategy").Children[new YamlScalarNode("matrix")]["environment"]).Children
            .Select(e => ((YamlScalarNode)e).Value).ToList();

        Assert.Contains("./dev test", runs);
        Assert.Contains(runs, r => r.Contains("infra-cdk.sh", StringComparison.Ordinal) && r.Contains("synth", StringComparison.Ordinal));
        Assert.Equal(Directory.GetFiles(RepoPaths.Of("infra", "config"), "*.json").Select(Path.GetFileNameWithoutExtension).Order(), environments.Order());
    }

    [Fact]
    public void Deploys_authenticate_through_OIDC_and_never_with_stored_keys()
    {
        var deploy = Load("deploy.yml");
        var text = File.ReadAllText(RepoPaths.Of(".github", "workflows", "deploy.yml"));
        var awsJobs = Steps(deploy).Where(s => Scalar(s.Step, "uses")?.StartsWith("aws-actions/configure-aws-credentials", StringComparison.Ordinal) == true).ToList();

        Assert.Equal(["production", "rollback", "staging"], awsJobs.Select(s => s.Job).Order());
        Assert.All(awsJobs, s =>
        {
            Assert.Equal("write", Scalar(Map(Map(Map(deploy, "jobs"), s.Job), "permissions"), "id-token"));
            Assert.NotNull(Scalar(Map(s.Step, "with"), "role-to-assume"));
        });
        Assert.DoesNotContain("aws-access-key-id", text, StringComparison.Ordinal);
        Assert.DoesNotContain("AWS_SECRET_ACCESS_KEY", text, StringComparison.Ordinal);
    }

    [Fact]
    public void One_artifact_is_built_once_and_promoted_from_staging_to_an_approved_production()
    {
        var jobs = Map(Load("deploy.yml"), "jobs");
        var build = Steps(Load("deploy.yml")).Where(s => s.Job == "build").Select(s => Scalar(s.Step, "run")).OfType<string>();
        var downloads = Steps(Load("deploy.yml"))
            .Where(s => Scalar(s.Step, "uses")?.StartsWith("actions/download-artifact", StringComparison.Ordinal) == true && s.Job != "rollback")
            .Select(s => Scalar(Map(s.Step, "with"), "name"))
            .Distinct();

        Assert.Contains(build, r => r.Contains("scripts/package-lambda.sh", StringComparison.Ordinal));
        Assert.Equal("lambda-${{ github.sha }}", Assert.Single(downloads));
        Assert.Equal("staging", Scalar(Map(jobs, "staging"), "environment"));
        Assert.Equal("production", Scalar(Map(jobs, "production"), "environment"));
        Assert.Contains("staging", ((YamlSequenceNode)Map(jobs, "production").Children[new YamlScalarNode("needs")]).Children.Select(n => ((YamlScalarNode)n).Value));
    }

    [GeneratedRegex(@"scripts/package-lambda\.sh\s+(?<project>\S+)\s+(?<name>\S+)")]
    private static partial Regex PackageStep();

    [Fact]
    public void The_build_packages_exactly_the_artifacts_the_configurations_deploy()
    {
        var packaged = Steps(Load("deploy.yml"))
            .Select(s => Scalar(s.Step, "run"))
            .OfType<string>()
            .Select(run => PackageStep().Match(run))
            .Where(m => m.Success)
            .Select(m => RepoPaths.Of("artifacts", "lambda", m.Groups["name"].Value + ".zip"))
            .Order()
            .ToList();

        var runs = Steps(Load("deploy.yml")).Select(s => Scalar(s.Step, "run")).OfType<string>().ToList();

        foreach (var file in new[] { "staging.json", "production.json" })
        {
            var config = Serverless.Infra.Config.ConfigLoader.Load(RepoPaths.Of("infra", "config", file), RepoPaths.Root);
            Assert.Equal(new[] { config.Lambda.ApiArtifact, config.Lambda.WorkerArtifact }.Distinct().Order(), packaged);
            // scripts/infra-package-cli.sh writes the migrations artifact.
            Assert.Equal(RepoPaths.Of("artifacts", "lambda", "serverless-cli.zip"), config.Database.MigrationsArtifact);
        }
        Assert.Contains(runs, r => r.Contains("scripts/infra-package-cli.sh", StringComparison.Ordinal));
    }

    [Fact]
    public void A_previous_version_can_be_restored_by_hand()
    {
        var dispatch = Map(Map(Load("deploy.yml"), "on"), "workflow_dispatch");
        var inputs = Map(dispatch, "inputs");
        var actions = ((YamlSequenceNode)Map(inputs, "action").Children[new YamlScalarNode("options")]).Children.Select(n => ((YamlScalarNode)n).Value);

        Assert.Equal(["deploy", "rollback"], actions);
        Assert.NotNull(Map(inputs, "run_id"));
    }
}
