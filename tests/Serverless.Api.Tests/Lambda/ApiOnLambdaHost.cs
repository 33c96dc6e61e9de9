using System.Reflection;
using Serverless.Lambda.Tests.Emulator;
using Serverless.Testing;

namespace Serverless.Api.Tests.Lambda;

/// <summary>
/// The real API's own Program.Main, in process, served by the Lambda adapter from a Runtime API emulator
/// (as AWS_LAMBDA_RUNTIME_API would make it), over a fresh database and the local Redis.
/// </summary>
public sealed class ApiOnLambdaHost : IAsyncLifetime
{
    private Task _main = Task.CompletedTask;

    public RuntimeApiEmulator Emulator { get; private set; } = null!;

    public DatabaseFixture Db { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Db = await DatabaseFixture.CreateAsync("api-lambda");
        Emulator = await RuntimeApiEmulator.StartAsync();
        string[] args =
        [
            "--environment=Development",
            $"--contentRoot={Path.Combine(RepositoryRoot(), "src", "Serverless.Api")}",
            $"--Lambda:RuntimeApi={Emulator.Address}",
            // Shares the test process: a crash elsewhere must not be reported as this app's start-up failure.
            "--Lambda:ReportStartupFailures=false",
            $"--Database:Primary={Db.Database.Primary}",
            $"--Database:Replica={Db.Database.Replica}",
            $"--Redis:Configuration={LocalServices.Redis}",
            "--Logging:LogLevel:Default=Warning",
            // On Lambda the API refuses the development signing key: people's tokens come from an OIDC
            // issuer (contacted only when a token arrives; this one is unreachable, so a token fails).
            "--Jwt:SigningKey=",
            "--Jwt:Authority=https://127.0.0.1:9/test-issuer",
        ];
        var entry = typeof(Program).Assembly.EntryPoint ?? throw new InvalidOperationException("The API has no entry point.");
        _main = Task.Run(() => (Task)entry.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [args], null)!);
        // Fails here, not in a test, if the API does not start.
        await Task.WhenAny(_main, Task.Delay(TimeSpan.FromMilliseconds(200)));
        if (_main.IsCompleted)
        {
            await _main;
        }
    }

    public async Task DisposeAsync()
    {
        // The Runtime API going away is how a Lambda host learns to stop: the API's Main then returns.
        await Emulator.DisposeAsync();
        await _main.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Environment.ExitCode = 0;
        await Db.DisposeAsync();
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Serverless.sln not found above " + AppContext.BaseDirectory);
    }
}
