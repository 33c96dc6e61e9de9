using Serverless.Infra.Config;

namespace Serverless.Infra.Tests.Support;

public static class RepoPaths
{
    public static string Root { get; } = ConfigLoader.FindRepoRoot(AppContext.BaseDirectory);

    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);
}
