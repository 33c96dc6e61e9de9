using System.CommandLine;
using Serverless.Core.Secrets;

namespace Serverless.Cli.Commands;

/// <summary><c>secrets rewrap</c>: seals every stored secret with the current key (after a rotation, or once for secrets stored in clear).</summary>
public static class SecretsCommands
{
    public static Command Create(CliSettings settings)
    {
        var secrets = new Command("secrets", "Secrets the platform stores sealed (budget webhook signing secrets).");
        var rewrap = new Command("rewrap",
            "Seal every stored secret with the current key: those stored in clear before sealing, and those sealed with the previous key (run after a key rotation, before the previous key is dropped).");
        rewrap.SetAction((_, ct) => CliRun.Guarded(async () =>
        {
            var result = await new StoredSecrets(settings.Admin, settings.Sealer).RewrapAsync(
                $"operator:{Environment.UserName}",
                (done, total) => Console.Error.Write($"\rrewrapping: {done}/{total}{(done == total ? "\n" : "")}"),
                ct);
            Console.WriteLine($"rewrapped {result.Rewrapped}, already current {result.AlreadyCurrent}");
            if (result.Unopened.Count == 0)
            {
                return 0;
            }
            await Console.Error.WriteLineAsync(
                $"error: {result.Unopened.Count} secret(s) sealed with a key this CLI does not hold (set SecretsAtRest__PreviousKey to it): {string.Join(", ", result.Unopened)}");
            return 1;
        }));
        secrets.Add(rewrap);
        return secrets;
    }
}
