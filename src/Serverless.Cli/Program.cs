using System.CommandLine;
using Serverless.Cli;
using Serverless.Cli.Commands;

// The operator's tool: everything here runs over the operator's database connection (Database:Admin).
var settings = CliSettings.Load();
var root = new RootCommand("Serverless operator CLI: migrations, tenants, API keys (and their API Gateway keys), people's tokens, queues, model budgets and usage, model routes and the semantic cache switch, sealed secrets.")
{
    MigrateCommand.Create(settings),
    TenantCommands.Create(settings),
    CorsCommands.Create(settings),
    KeyCommands.Create(settings),
    TokenCommands.Create(settings),
    GatewayCommands.Create(settings),
    QueueCommands.Create(),
    UsageCommands.Budget(settings),
    UsageCommands.Usage(settings),
    ModelCommands.Route(settings),
    ModelCommands.Cache(settings),
    SecretsCommands.Create(settings),
};
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    // A usage error (unknown command or option, a missing argument) is exit code 2, as for any Unix tool.
    foreach (var error in parsed.Errors)
    {
        await Console.Error.WriteLineAsync($"error: {error.Message}");
    }
    var names = new List<string>();
    for (var result = parsed.CommandResult; result is not null && result.Command is not RootCommand; result = result.Parent as System.CommandLine.Parsing.CommandResult)
    {
        names.Insert(0, result.Command.Name);
    }
    await Console.Error.WriteLineAsync($"see: ./dev cli {string.Join(' ', names.Append("--help"))}");
    return 2;
}
return await parsed.InvokeAsync();
