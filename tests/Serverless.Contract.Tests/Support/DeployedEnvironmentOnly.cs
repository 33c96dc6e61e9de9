namespace Serverless.Contract.Tests.Support;

/// <summary>
/// The hosts are built in this process, and .NET configuration reads the process environment. Under
/// <c>./dev test</c> that environment carries the local stack's settings (a development signing key,
/// loopback connection strings, an environment name), which a deployed function never has: left in, they
/// would either hide a setting the stacks forget or trip the refusal of development keys. So before any
/// host is built, every configuration-shaped variable is removed; each host gets only what its function's
/// template gives it.
/// </summary>
internal static class DeployedEnvironmentOnly
{
    internal static void ClearLocalSettings()
    {
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>().ToList())
        {
            if (name.Contains("__", StringComparison.Ordinal) || name is "ASPNETCORE_ENVIRONMENT" or "DOTNET_ENVIRONMENT"
                || name.StartsWith("SL_", StringComparison.Ordinal))
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }
}
