using System.CommandLine;
using Serverless.Core.Data.Migrations;

namespace Serverless.Cli.Commands;

public static class MigrateCommand
{
    public static Command Create(CliSettings settings)
    {
        var command = new Command("migrate", "Apply pending schema migrations (safe to run twice, or from two places at once).");
        command.SetAction((_, ct) => CliRun.Guarded(async () =>
        {
            await Migrator.MigrateAsync(settings.AdminConnectionString, Console.WriteLine, ct);
            return 0;
        }));
        return command;
    }
}
