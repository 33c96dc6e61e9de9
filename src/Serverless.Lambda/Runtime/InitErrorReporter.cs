namespace Serverless.Lambda.Runtime;

/// <summary>
/// Reports a crash during initialisation (before the first <c>/invocation/next</c>) to
/// <c>/runtime/init/error</c>, then exits non-zero, as the custom runtime contract asks. It hooks the unhandled-exception event so Program.cs needs no try/catch.
/// </summary>
public sealed class InitErrorReporter(string runtimeApi, LambdaStartupState startup)
{
    public void Attach() => AppDomain.CurrentDomain.UnhandledException += OnUnhandledException;

    public void Report(Exception exception)
    {
        using var client = new LambdaRuntimeApiClient(runtimeApi);
        var error = LambdaError.FromException(exception);
        client.PostInitError(error with { ErrorType = $"Runtime.{error.ErrorType}" });
    }

    private void OnUnhandledException(object sender, UnhandledExceptionEventArgs args)
    {
        if (startup.IsInitialized || args.ExceptionObject is not Exception exception)
        {
            return;
        }

        try
        {
            Report(exception);
        }
        catch (HttpRequestException)
        {
            // Nothing left to tell: the runtime sees the exit code.
        }

        Console.Error.WriteLine($"Start-up failed: {exception}");
        Environment.Exit(1);
    }
}
