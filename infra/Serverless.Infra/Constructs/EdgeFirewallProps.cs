using Serverless.Infra.Config;

namespace Serverless.Infra.Constructs;

public sealed record EdgeFirewallProps
{
    public required PlatformConfig Config { get; init; }
}
