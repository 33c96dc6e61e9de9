namespace Serverless.Infra.Stacks;

/// <summary>The stack set of one region, in deployment order.</summary>
public sealed record RegionStacks(FoundationStack Foundation, DataStack Data, AppStack App);
