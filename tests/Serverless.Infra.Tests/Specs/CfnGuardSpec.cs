using System.Text.RegularExpressions;
using Serverless.Infra.Tests.Support;

namespace Serverless.Infra.Tests.Specs;

/// <summary>
/// cfn-guard's AWS Control Tower rules over every synthesized template of both environments. Each
/// finding must be fixed or listed, with its reason, in docs/deploy.md ("cfn-guard findings"); a listed
/// entry that no longer matches anything must go too, so the list stays the reviewed truth.
/// </summary>
[Collection(PlatformsCollection.Name)]
public sealed partial class CfnGuardSpec(Platforms platforms)
{
    private const string Section = "## cfn-guard findings";

    /// <summary>One reviewed entry: the rule, where (environment or every one, stack kind or every one,
    /// a logical id prefix) and why it is not a defect.</summary>
    private sealed record Reviewed(string Rule, string? Environment, string Kind, string Prefix, string Reason)
    {
        public bool Covers(string environment, string kind, CfnGuard.Finding finding) =>
            finding.Rule == Rule
            && (Environment is null || Environment == environment)
            && (Kind == "*" || Kind == kind)
            && finding.LogicalId.StartsWith(Prefix, StringComparison.Ordinal);

        public override string ToString() => $"{Rule} {(Environment is null ? "" : Environment + ":")}{Kind}/{Prefix}";
    }

    // | `rule` | `[env:]Kind/Prefix`, `...` | reason |
    [GeneratedRegex(@"^\|\s*`(?<rule>[a-z0-9_]+)`\s*\|(?<where>[^|]+)\|(?<reason>[^|]+)\|\s*$", RegexOptions.Multiline)]
    private static partial Regex Row();

    [GeneratedRegex(@"`(?:(?<env>[a-z]+):)?(?<kind>[A-Za-z*]+)/(?<prefix>[A-Za-z0-9]*)`")]
    private static partial Regex Where();

    private static List<Reviewed> ReviewedFindings()
    {
        var doc = File.ReadAllText(RepoPaths.Of("docs", "deploy.md"));
        var start = doc.IndexOf(Section, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/deploy.md has no \"{Section}\" section");
        var end = doc.IndexOf("\n## ", start + Section.Length, StringComparison.Ordinal);
        var section = end < 0 ? doc[start..] : doc[start..end];
        return Row().Matches(section)
            .SelectMany(row => Where().Matches(row.Groups["where"].Value).Select(w => new Reviewed(
                row.Groups["rule"].Value,
                w.Groups["env"].Success ? w.Groups["env"].Value : null,
                w.Groups["kind"].Value,
                w.Groups["prefix"].Value,
                row.Groups["reason"].Value.Trim())))
            .ToList();
    }

    private static string Kind(SynthesizedEnvironment env, string template)
    {
        var rest = template[$"Serverless-{env.Config.Environment}-".Length..];
        var dash = rest.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? rest : rest[..dash];
    }

    [Fact]
    public void Every_cfn_guard_finding_is_fixed_or_reviewed_in_the_deploy_guide()
    {
        var reviewed = ReviewedFindings();
        var used = new HashSet<Reviewed>();
        var unreviewed = new List<string>();

        foreach (var env in platforms.Both)
        {
            var templates = env.Stacks.All.Select(s => Path.Combine(env.OutputDirectory, s.TemplateFile)).ToList();
            var findings = CfnGuard.Validate(templates);

            foreach (var finding in findings)
            {
                var kind = Kind(env, finding.Template);
                var match = reviewed.FirstOrDefault(r => r.Covers(env.Config.Environment, kind, finding));
                if (match is null)
                {
                    unreviewed.Add($"{env.Config.Environment}: {finding}");
                }
                else
                {
                    used.Add(match);
                }
            }
        }

        Assert.True(unreviewed.Count == 0, "not fixed and not in docs/deploy.md, \"cfn-guard findings\":\n" + string.Join("\n", unreviewed));
        Assert.All(reviewed, r => Assert.False(string.IsNullOrWhiteSpace(r.Reason), $"{r} gives no reason"));
        var stale = reviewed.Except(used).ToList();
        Assert.True(stale.Count == 0, "listed in docs/deploy.md but no longer found (remove them):\n" + string.Join("\n", stale));
    }

    [Fact]
    public void The_rules_are_the_pinned_packages_and_catch_a_known_defect()
    {
        // A bucket without encryption or public access block must fail, or the check above proves nothing.
        var template = Path.Combine(Directory.CreateTempSubdirectory("serverless-guard-").FullName, "Bad.template.json");
        File.WriteAllText(template, """{"Resources":{"Open":{"Type":"AWS::S3::Bucket","Properties":{}}}}""");

        var findings = CfnGuard.Validate([template]);

        Assert.Contains(findings, f => f.LogicalId == "Open" && f.Rule.StartsWith("s3_", StringComparison.Ordinal));
        Assert.Contains("\"@cdklabs/cdk-validator-cfnguard\": \"0.0.62\"", File.ReadAllText(RepoPaths.Of("tools", "local", "package.json")), StringComparison.Ordinal);
        Directory.Delete(Path.GetDirectoryName(template)!, recursive: true);
    }
}
