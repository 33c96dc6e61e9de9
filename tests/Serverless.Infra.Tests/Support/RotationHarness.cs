using System.Diagnostics;
using System.Text.Json;
using Serverless.Infra.Constructs;

namespace Serverless.Infra.Tests.Support;

/// <summary>
/// Runs a rotation function's source (as <see cref="RotationFunction"/> inlines it) under the local node
/// against a fake Secrets Manager and any other fake SDK modules, and returns what the harness prints last.
/// The fakes and the harness share <c>globalThis.store</c>; every fake call is appended to <c>store.calls</c>.
/// </summary>
public static class RotationHarness
{
    // Versions as Secrets Manager keeps them: stages, value, creation time (store.now, a logical clock).
    public const string FakeSecretsManager = """
        const store = () => globalThis.store;
        class Cmd { constructor(input) { this.input = input; } }
        class DescribeSecretCommand extends Cmd {}
        class GetSecretValueCommand extends Cmd {}
        class PutSecretValueCommand extends Cmd {}
        class UpdateSecretVersionStageCommand extends Cmd {}
        const stagesOf = () => Object.fromEntries(Object.entries(store().versions).map(([v, x]) => [v, x.stages]));
        class SecretsManagerClient {
          async send(c) {
            const s = store(), i = c.input;
            s.calls.push(c.constructor.name.replace('Command', ''));
            if (c instanceof DescribeSecretCommand) return { RotationEnabled: true, VersionIdsToStages: stagesOf() };
            if (c instanceof GetSecretValueCommand) {
              const hit = Object.entries(s.versions).find(([v, x]) => (!i.VersionId || v === i.VersionId) && x.stages.includes(i.VersionStage) && x.value);
              if (!hit) { const e = new Error('none'); e.name = 'ResourceNotFoundException'; throw e; }
              return { SecretString: hit[1].value, CreatedDate: new Date(hit[1].created) };
            }
            if (c instanceof PutSecretValueCommand) {
              Object.assign(s.versions[i.ClientRequestToken], { value: i.SecretString, created: ++s.now });
              s.puts++;
              return {};
            }
            if (c instanceof UpdateSecretVersionStageCommand) {
              s.versions[i.RemoveFromVersionId].stages = ['AWSPREVIOUS'];
              s.versions[i.MoveToVersionId].stages = ['AWSCURRENT'];
              return {};
            }
          }
        }
        module.exports = { SecretsManagerClient, DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, UpdateSecretVersionStageCommand };
        """;

    /// <summary>Drives <paramref name="rotations"/> rotations as Secrets Manager does, each step once or, when
    /// <paramref name="retried"/>, twice (Secrets Manager retries); <c>globalThis.afterStep</c>, when the setup
    /// defines it, runs after each.</summary>
    public static string Rotations(int rotations, bool retried = true) => $$"""
        (async () => {
          const { handler } = require('./index.js');
          for (let n = 1; n <= {{rotations}}; n++) {
            const token = 'v' + n;
            for (const v of Object.values(store.versions)) v.stages = v.stages.filter(s => s !== 'AWSPREVIOUS');
            store.versions[token] = { stages: ['AWSPENDING'] };
            for (const step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret'].flatMap(s => {{(retried ? "[s, s]" : "[s]")}})) {
              await handler({ SecretId: 'rotated', ClientRequestToken: token, Step: step });
              if (globalThis.afterStep) globalThis.afterStep(token, step);
            }
          }
          console.log(JSON.stringify(store));
        })().catch(e => { console.error(e); process.exit(1); });
        """;

    /// <summary>Runs <paramref name="setup"/> then <paramref name="harness"/> with the function as ./index.js and
    /// <paramref name="modules"/> (package name to source) under node_modules; returns the last line printed.</summary>
    public static async Task<JsonElement> RunAsync(string codeResource, string setup, string harness, IReadOnlyDictionary<string, string> modules)
    {
        var dir = Directory.CreateTempSubdirectory("rotation-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "index.js"), RotationFunction.Source(codeResource));
            File.WriteAllText(Path.Combine(dir, "harness.js"), setup + "\n" + harness);
            foreach (var (name, source) in modules.Append(new("@aws-sdk/client-secrets-manager", FakeSecretsManager)))
            {
                var module = Directory.CreateDirectory(Path.Combine([dir, "node_modules", .. name.Split('/')])).FullName;
                File.WriteAllText(Path.Combine(module, "index.js"), source);
            }
            using var node = Process.Start(new ProcessStartInfo("node", "harness.js") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = node.StandardOutput.ReadToEndAsync();
            var errors = await node.StandardError.ReadToEndAsync();
            await node.WaitForExitAsync();
            Assert.True(node.ExitCode == 0, errors);
            return JsonDocument.Parse((await output).Trim().Split('\n')[^1]).RootElement.Clone();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
