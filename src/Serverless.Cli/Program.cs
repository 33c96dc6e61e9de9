using System.CommandLine;
using Serverless.Cli;
using Serverless.Cli.Commands;

// The operator's tool: everything here runs over the operator's database connection (Database:Admin).
var settings = CliSettings.Load();
var root = new RootCommand("Serverless operator CLI: migrations, tenants, API keys (and their API Gateway keys), people's tokens, queues, model budgets and usage, model routes and the semantic cache switch.")
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
};
return await root.Parse(args).InvokeAsync();
