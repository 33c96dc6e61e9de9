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
    }

    [GeneratedRegex(@"^\s*(?:-\s*)?uses:\s*(?<action>\S+)(?<comment>.*)$", RegexOptions.Multiline)]
    private static partial Regex UsesLine();

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Every_action_is_pinned_by_its_full_commit_SHA_with_the_version_as_a_comment(string file)
    {
        // A tag can be moved to other code; a commit cannot. The comment keeps the version readable.
        var uses = UsesLine().Matches(File.ReadAllText(RepoPaths.Of(".github", "workflows", file))).ToList();

        Assert.NotEmpty(uses);
        Assert.All(uses, u =>
        {
            Assert.Matches(@"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$", u.Groups["action"].Value);
            Assert.Matches(@"^ # v\d+\.\d+\.\d+$", u.Groups["comment"].Value);
        });
        // One version of an action in the whole workflow.
        Assert.All(uses.GroupBy(u => u.Groups["action"].Value.Split('@')[0]), g => Assert.Single(g.Select(u => u.Groups["action"].Value).Distinct()));
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

        Assert.Equal(["production", "production-diff", "rollback", "staging"], awsJobs.Select(s => s.Job).Order());
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

    private static YamlMappingNode Job(string name) => Map(Map(Load("deploy.yml"), "jobs"), name);

    private static IEnumerable<string> Needs(string job) =>
        Job(job).Children.TryGetValue(new YamlScalarNode("needs"), out var needs)
            ? needs is YamlSequenceNode list ? list.Children.Select(n => ((YamlScalarNode)n).Value!) : [((YamlScalarNode)needs).Value!]
            : [];

    private static List<string> Runs(string job) =>
        Steps(Load("deploy.yml")).Where(s => s.Job == job).Select(s => Scalar(s.Step, "run")).OfType<string>().ToList();

    [Fact]
    public void Nothing_is_built_or_deployed_before_CI_has_passed_on_the_commit()
    {
        Assert.Contains("ci", Needs("build"));
        Assert.Contains(Runs("ci"), r => r.Contains("scripts/ci-wait.sh", StringComparison.Ordinal) && r.Contains("github.sha", StringComparison.Ordinal));
        Assert.Equal("read", Scalar(Map(Job("ci"), "permissions"), "actions"));
        var script = File.ReadAllText(RepoPaths.Of("scripts", "ci-wait.sh"));
        Assert.Contains("--workflow ci.yml", script, StringComparison.Ordinal);
        Assert.Contains("success", script, StringComparison.Ordinal);
    }

    [Fact]
    public void The_production_diff_is_shown_before_the_approval_with_a_read_only_role()
    {
        var diff = Job("production-diff");
        var credentials = Steps(Load("deploy.yml")).Single(s => s.Job == "production-diff" && Scalar(s.Step, "uses")?.StartsWith("aws-actions/", StringComparison.Ordinal) == true);

        Assert.Contains("production-diff", Needs("production"));
        Assert.DoesNotContain("production", Needs("production-diff"));
        // Not the approval-guarded environment, or the diff would wait for the approval it is for.
        Assert.Equal(Serverless.Infra.Stacks.DeployAccessStack.DiffEnvironment("production"), Scalar(diff, "environment"));
        Assert.Equal("${{ vars.AWS_DIFF_ROLE_ARN }}", Scalar(Map(credentials.Step, "with"), "role-to-assume"));
        Assert.Contains(Runs("production-diff"), r => r.Contains("scripts/infra-cdk.sh production diff", StringComparison.Ordinal) && r.Contains("GITHUB_STEP_SUMMARY", StringComparison.Ordinal));
        var staging = Runs("staging");
        Assert.True(staging.FindIndex(r => r.Contains("staging diff", StringComparison.Ordinal)) is >= 0 and var d && d < staging.FindIndex(r => r.Contains("staging deploy", StringComparison.Ordinal)));
    }

    [Fact]
    public void Deploys_never_include_the_deploy_access_stack_without_approval()
    {
        var script = File.ReadAllText(RepoPaths.Of("scripts", "infra-cdk.sh"));
        var deploy = script[script.IndexOf("    deploy)", StringComparison.Ordinal)..];
        deploy = deploy[..deploy.IndexOf(";;", deploy.IndexOf("exec", StringComparison.Ordinal), StringComparison.Ordinal)];

        Assert.DoesNotContain("--all", deploy, StringComparison.Ordinal);
        Assert.Contains("grep -v -- '-DeployAccess$'", deploy, StringComparison.Ordinal);
        Assert.All(Runs("staging").Concat(Runs("production")).Concat(Runs("rollback")), r => Assert.DoesNotContain("deploy-access", r, StringComparison.Ordinal));
    }

    [Fact]
    public void AWS_sessions_last_as_long_as_a_first_production_deploy_and_the_role_allows()
    {
        var limit = Serverless.Infra.Stacks.DeployAccessStack.MaxSessionHours * 3600;
        var steps = Steps(Load("deploy.yml"))
            .Where(s => Scalar(s.Step, "uses")?.StartsWith("aws-actions/configure-aws-credentials", StringComparison.Ordinal) == true)
            .ToDictionary(s => s.Job, s => Scalar(Map(s.Step, "with"), "role-duration-seconds"));

        foreach (var job in new[] { "production", "rollback" })
        {
            Assert.Equal(limit, int.Parse(steps[job]!, System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(int.Parse(Scalar(Job(job), "timeout-minutes")!, System.Globalization.CultureInfo.InvariantCulture) * 60 <= limit);
        }
        Assert.True(int.Parse(steps["staging"]!, System.Globalization.CultureInfo.InvariantCulture) is >= 3600 and var staging && staging <= limit);
    }
}
