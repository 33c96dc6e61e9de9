namespace Serverless.Infra.Tests.Support;

/// <summary>
/// One synthesis shared by every specification class (the first costs seconds of jsii start-up).
/// One collection also keeps the jsii runtime, which is not built for concurrent callers, single-threaded.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PlatformsCollection : ICollectionFixture<Platforms>
{
    public const string Name = "synthesized platforms";
}
