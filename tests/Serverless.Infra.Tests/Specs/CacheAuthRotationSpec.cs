using System.Text.Json;
using System.Text.RegularExpressions;
using Serverless.Infra.Constructs;
using Serverless.Infra.Tests.Support;

namespace Serverless.Infra.Tests.Specs;

/// <summary>
/// Every region's cache AUTH token rotates in place: ElastiCache accepts the new token beside the old one
/// before the secret names it, so no instance, whichever token it read at start-up, is refused.
/// </summary>
[Collection(PlatformsCollection.Name)]
public sealed partial class CacheAuthRotationSpec(Platforms platforms)
{
    [Fact]
    public void Every_region_rotates_its_cache_token_with_its_own_function_every_rotation_period()
    {
        foreach (var env in platforms.Both)
        {
            foreach (var region in env.Stacks.Regions)
            {
                var data = env.Of(region.Data);

                var schedule = Assert.Single(data.Resources("AWS::SecretsManager::RotationSchedule"), r => r.Text("SecretId").Contains("CacheAuthToken", StringComparison.Ordinal));
                Assert.Contains("CacheAuthRotation", schedule.Text("RotationLambdaARN"), StringComparison.Ordinal);
                Assert.Contains($"{env.Config.Database.RotationDays} days", schedule.Text("RotationRules"), StringComparison.Ordinal);
                var function = Assert.Single(data.Resources("AWS::Lambda::Function"), f => f.LogicalId.StartsWith("CacheAuthRotation", StringComparison.Ordinal));
                Assert.Contains("CacheReplicationGroup", new FunctionGrants(data, function).Variable("REPLICATION_GROUP_ID"), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void The_rotation_function_may_only_touch_that_secret_and_that_replication_group()
    {
        foreach (var region in platforms.Production.Stacks.Regions)
        {
            var data = platforms.Production.Of(region.Data);
            var function = Assert.Single(data.Resources("AWS::Lambda::Function"), f => f.LogicalId.StartsWith("CacheAuthRotation", StringComparison.Ordinal));
            var grants = new FunctionGrants(data, function);

            // GetRandomPassword has no resource; CDK's schedule adds it (our function uses Node's crypto instead).
            var scoped = grants.Statements.Where(s => !s.Actions.SequenceEqual(["secretsmanager:GetRandomPassword"])).ToList();
            Assert.All(scoped, s => Assert.All(s.Actions, a => Assert.True(
                a.StartsWith("secretsmanager:", StringComparison.Ordinal) || a is "elasticache:ModifyReplicationGroup" or "elasticache:DescribeReplicationGroups", a)));
            Assert.All(scoped.Where(s => s.Actions.Any(a => a.StartsWith("secretsmanager:", StringComparison.Ordinal))),
                s => Assert.All(s.Resources, r => Assert.Contains("CacheAuthToken", r, StringComparison.Ordinal)));
            var group = Assert.Single(grants.ResourcesOf("elasticache:ModifyReplicationGroup"));
            Assert.Equal(group, Assert.Single(grants.ResourcesOf("elasticache:DescribeReplicationGroups")));
            Assert.Contains(":replicationgroup:", group, StringComparison.Ordinal);
            Assert.Contains("CacheReplicationGroup", group, StringComparison.Ordinal);
            Assert.Contains("secretsmanager:UpdateSecretVersionStage", grants.AllActions);
        }
    }

    [Theory]
    [InlineData(RotationFunction.CacheAuth)]
    [InlineData(RotationFunction.ConsistencyKey)]
    public void A_rotation_function_fits_in_CloudFormation_inline_code(string resource) =>
        Assert.InRange(RotationFunction.Source(resource).Length, 1, 4096);

    // ElastiCache as its API reference and AUTH guide describe it: ROTATE puts the new token in force beside
    // the one in force (of two, the oldest goes), SET leaves only the new one; either applies when the
    // group is available again, and a group that is modifying refuses another modification.
    private const string FakeElastiCache = """
        const store = () => globalThis.store;
        class Cmd { constructor(input) { this.input = input; } }
        class DescribeReplicationGroupsCommand extends Cmd {}
        class ModifyReplicationGroupCommand extends Cmd {}
        class ElastiCacheClient {
          async send(c) {
            const s = store(), g = s.group, i = c.input;
            if (i.ReplicationGroupId !== g.id) throw new Error('no replication group ' + i.ReplicationGroupId);
            if (c instanceof DescribeReplicationGroupsCommand) {
              if (g.status === 'modifying' && --g.busy === 0) { g.status = 'available'; g.tokens = g.next; }
              s.calls.push('Describe:' + g.status);
              return { ReplicationGroups: [{ ReplicationGroupId: g.id, Status: g.status, AuthTokenEnabled: true,
                AuthTokenLastModifiedDate: g.modified === undefined ? undefined : new Date(g.modified) }] };
            }
            if (c instanceof ModifyReplicationGroupCommand) {
              s.calls.push('Modify:' + i.AuthTokenUpdateStrategy);
              if (g.status !== 'available') { const e = new Error('modifying'); e.name = 'InvalidReplicationGroupStateFault'; throw e; }
              if (!i.ApplyImmediately) throw new Error('would wait for the maintenance window');
              g.next = i.AuthTokenUpdateStrategy === 'SET' ? [i.AuthToken] : [...g.tokens, i.AuthToken].slice(-2);
              Object.assign(g, { status: 'modifying', busy: 2, modified: ++s.now });
              return {};
            }
          }
        }
        module.exports = { ElastiCacheClient, DescribeReplicationGroupsCommand, ModifyReplicationGroupCommand };
        """;

    // After every step: the token the secret names now, and the one it named before this rotation (what
    // instances started earlier hold), must both be in force.
    private const string Setup = """
        process.env.REPLICATION_GROUP_ID = 'serverless-cache';
        process.env.POLL_MS = '0';
        const initial = 'TokenCloudFormationSetAtCreation0123456789';
        globalThis.store = {
          puts: 0, now: 0, calls: [], violations: [],
          versions: { v0: { stages: ['AWSCURRENT'], created: 0, value: JSON.stringify({ token: initial }) } },
          group: { id: 'serverless-cache', status: 'available', tokens: [initial] },
        };
        const tokenAt = (stage) => { const v = Object.values(store.versions).find(x => x.stages.includes(stage) && x.value); return v && JSON.parse(v.value).token; };
        let before = initial;
        globalThis.afterStep = (version, step) => {
          store.calls.push(version + ':' + step);
          const current = tokenAt('AWSCURRENT');
          for (const held of [current, before]) {
            if (!store.group.tokens.includes(held)) store.violations.push(`${version} ${step}: ${held.slice(0, 6)}... is refused`);
          }
          if (step === 'finishSecret') before = current;
        };
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_new_token_is_in_force_beside_the_old_before_the_secret_names_it_and_the_old_stays_until_the_next_rotation(bool retried)
    {
        var run = await RotationHarness.RunAsync(RotationFunction.CacheAuth, Setup, RotationHarness.Rotations(3, retried),
            new Dictionary<string, string> { ["@aws-sdk/client-elasticache"] = FakeElastiCache });

        Assert.Empty(run.GetProperty("violations").EnumerateArray());
        var calls = run.GetProperty("calls").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.DoesNotContain("Modify:SET", calls);
        var versions = run.GetProperty("versions");
        var tokens = new[] { "v1", "v2", "v3" }
            .Select(v => JsonDocument.Parse(versions.GetProperty(v).GetProperty("value").GetString()!).RootElement.GetProperty("token").GetString()!)
            .ToList();
        foreach (var (version, index) in new[] { "v1", "v2", "v3" }.Select((v, i) => (v, i)))
        {
            var rotation = calls[(index == 0 ? 0 : calls.IndexOf($"v{index}:finishSecret") + 1)..(calls.IndexOf($"{version}:finishSecret") + 1)];
            // Once per rotation, even when every step ran twice, after the pending version exists ...
            var modify = Assert.Single(rotation.Select((c, i) => (c, i)), c => c.c.StartsWith("Modify:", StringComparison.Ordinal));
            Assert.Equal("Modify:ROTATE", modify.c);
            Assert.True(rotation.IndexOf("PutSecretValue") < modify.i);
            // ... and the secret names the new token only once the group is available with it.
            var finish = rotation.LastIndexOf("UpdateSecretVersionStage");
            Assert.True(rotation.LastIndexOf("Describe:available") is var ready && ready > modify.i && ready < finish, string.Join(", ", rotation));
        }
        Assert.All(tokens, t => Assert.Matches(TokenRules(), t));
        Assert.Equal(3, tokens.Distinct().Count());
        Assert.Equal(3, run.GetProperty("puts").GetInt32());
        Assert.Equal(tokens[^2..], run.GetProperty("group").GetProperty("tokens").EnumerateArray().Select(t => t.GetString()!));
    }

    // ElastiCache: 16-128 printable characters without / " @ %; ours are 64 letters and digits.
    [GeneratedRegex("^[A-Za-z0-9]{64}$")]
    private static partial Regex TokenRules();
}
