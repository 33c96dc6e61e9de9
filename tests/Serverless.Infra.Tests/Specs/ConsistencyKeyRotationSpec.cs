using System.Text.Json;
using Serverless.Infra.Constructs;
using Serverless.Infra.Tests.Support;

namespace Serverless.Infra.Tests.Specs;

/// <summary>
/// The consistency-token key rotates, in two steps so that instances that read the secret at different
/// times still accept each other's tokens (the app signs with "key" and accepts "key" and "previous").
/// </summary>
[Collection(PlatformsCollection.Name)]
public sealed class ConsistencyKeyRotationSpec(Platforms platforms)
{
    [Fact]
    public void The_primary_rotates_the_consistency_key_with_its_own_function_every_rotation_period()
    {
        foreach (var env in platforms.Both)
        {
            var app = env.Of(env.Stacks.Primary.App);

            var schedule = Assert.Single(app.Resources("AWS::SecretsManager::RotationSchedule"));
            Assert.Contains("ConsistencySecret", schedule.Text("SecretId"), StringComparison.Ordinal);
            Assert.Contains("ConsistencyKeyRotation", schedule.Text("RotationLambdaARN"), StringComparison.Ordinal);
            Assert.Contains($"{env.Config.Database.RotationDays} days", schedule.Text("RotationRules"), StringComparison.Ordinal);
            Assert.All(env.Stacks.Secondaries, s => Assert.Empty(env.Of(s.App).Resources("AWS::SecretsManager::RotationSchedule")));
        }
    }

    [Fact]
    public void The_rotation_function_may_only_touch_that_secret()
    {
        var app = platforms.Production.Of(platforms.Production.Stacks.Primary.App);
        var function = Assert.Single(app.Resources("AWS::Lambda::Function"), f => f.LogicalId.StartsWith("ConsistencyKeyRotation", StringComparison.Ordinal));
        var grants = new FunctionGrants(app, function);

        // GetRandomPassword has no resource; CDK's schedule adds it (our function uses Node's crypto instead).
        Assert.All(grants.Statements.Where(s => !s.Actions.SequenceEqual(["secretsmanager:GetRandomPassword"])), s =>
        {
            Assert.All(s.Actions, a => Assert.StartsWith("secretsmanager:", a, StringComparison.Ordinal));
            Assert.All(s.Resources, r => Assert.Contains("ConsistencySecret", r, StringComparison.Ordinal));
        });
        Assert.Contains("secretsmanager:UpdateSecretVersionStage", grants.AllActions);
    }

    private const string Setup = """
        globalThis.store = { puts: 0, now: 0, calls: [], versions: { v0: { stages: ['AWSCURRENT'], created: 0, value: JSON.stringify({ key: 'initial-key-0123456789abcdef0123456789' }) } } };
        """;

    [Fact]
    public async Task A_new_key_is_accepted_everywhere_one_rotation_before_it_signs_and_the_old_one_one_rotation_after()
    {
        var run = await RotationHarness.RunAsync(RotationFunction.ConsistencyKey, Setup, RotationHarness.Rotations(3), new Dictionary<string, string>());

        var versions = run.GetProperty("versions");
        var seen = new[] { "v1", "v2", "v3" }.Select(v => JsonDocument.Parse(versions.GetProperty(v).GetProperty("value").GetString()!).RootElement)
            .Select(v => (Key: v.GetProperty("key").GetString()!, Previous: v.GetProperty("previous").GetString()!)).ToList();
        Assert.Equal(3, run.GetProperty("puts").GetInt32());
        // 1: the old key still signs; a new one is accepted everywhere.
        Assert.Equal("initial-key-0123456789abcdef0123456789", seen[0].Key);
        Assert.True(seen[0].Previous.Length >= 32);
        // 2: the new key signs; the old one is still accepted.
        Assert.Equal((seen[0].Previous, seen[0].Key), seen[1]);
        // 3: the signing key stays; the next one is staged.
        Assert.Equal(seen[1].Key, seen[2].Key);
        Assert.DoesNotContain(seen[2].Previous, new[] { seen[0].Key, seen[0].Previous });
    }
}
