namespace Serverless.Lambda.Tests.Runtime;

/// <summary>
/// Tests that read _X_AMZN_TRACE_ID run alone: every in-process runtime loop writes that one
/// process-wide variable, so a loop in a parallel test could overwrite it mid-assertion.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "Process environment";
}
