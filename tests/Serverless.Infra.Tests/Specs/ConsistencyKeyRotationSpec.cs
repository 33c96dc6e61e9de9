using System.Diagnostics;
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

    private const string FakeSecretsManager = """
        const store = globalThis.store;
        class Cmd { constructor(input) { this.input = input; } }
        class DescribeSecretCommand extends Cmd {}
        class GetSecretValueCommand extends Cmd {}
        class PutSecretValueCommand extends Cmd {}
        class UpdateSecretVersionStageCommand extends Cmd {}
        const stagesOf = () => Object.fromEntries(Object.entries(store.versions).map(([v, x]) => [v, x.stages]));
        class SecretsManagerClient {
          async send(c) {
            const i = c.input;
            if (c instanceof DescribeSecretCommand) return { RotationEnabled: true, VersionIdsToStages: stagesOf() };
            if (c instanceof GetSecretValueCommand) {
              const hit = Object.entries(store.versions).find(([v, x]) => (!i.VersionId || v === i.VersionId) && x.stages.includes(i.VersionStage) && x.value);
              if (!hit) { const e = new Error('none'); e.name = 'ResourceNotFoundException'; throw e; }
              return { SecretString: hit[1].value };
            }
            if (c instanceof PutSecretValueCommand) { store.versions[i.ClientRequestToken].value = i.SecretString; store.puts++; return {}; }
            if (c instanceof UpdateSecretVersionStageCommand) {
              store.versions[i.RemoveFromVersionId].stages = ['AWSPREVIOUS'];
              store.versions[i.MoveToVersionId].stages = ['AWSCURRENT'];
              return {};
            }
          }
        }
        module.exports = { SecretsManagerClient, DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, UpdateSecretVersionStageCommand };
        """;

    // Three rotations as Secrets Manager drives them (createSecret twice, to check it is idempotent).
    private const string Harness = """
        globalThis.store = { puts: 0, versions: { v0: { stages: ['AWSCURRENT'], value: JSON.stringify({ key: 'initial-key-0123456789abcdef0123456789' }) } } };
        const { handler } = require('./index.js');
        (async () => {
          const seen = [];
          for (const token of ['v1', 'v2', 'v3']) {
            for (const v of Object.values(store.versions)) v.stages = v.stages.filter(s => s !== 'AWSPREVIOUS');
            store.versions[token] = { stages: ['AWSPENDING'] };
            for (const step of ['createSecret', 'createSecret', 'setSecret', 'testSecret', 'finishSecret']) {
              await handler({ SecretId: 'consistency', ClientRequestToken: token, Step: step });
            }
            seen.push(JSON.parse(store.versions[token].value));
          }
          console.log(JSON.stringify({ seen, puts: store.puts }));
        })().catch(e => { console.error(e); process.exit(1); });
        """;

    [Fact]
    public async Task A_new_key_is_accepted_everywhere_one_rotation_before_it_signs_and_the_old_one_one_rotation_after()
    {
        var dir = Directory.CreateTempSubdirectory("rotate-consistency-key-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "index.js"), PreTrafficHook.Embedded(ConsistencyKeyRotation.CodeResource));
            File.WriteAllText(Path.Combine(dir, "harness.js"), Harness);
            var module = Directory.CreateDirectory(Path.Combine(dir, "node_modules", "@aws-sdk", "client-secrets-manager")).FullName;
            File.WriteAllText(Path.Combine(module, "index.js"), FakeSecretsManager);
            using var node = Process.Start(new ProcessStartInfo("node", "harness.js") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = await node.StandardOutput.ReadToEndAsync();
            var errors = await node.StandardError.ReadToEndAsync();
            await node.WaitForExitAsync();
            Assert.True(node.ExitCode == 0, errors);

            var run = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
            var seen = run.GetProperty("seen").EnumerateArray().Select(v => (Key: v.GetProperty("key").GetString()!, Previous: v.GetProperty("previous").GetString()!)).ToList();
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
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
