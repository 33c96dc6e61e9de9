namespace Serverless.Aws.Permissions;

/// <summary>
/// Declared by each component that calls AWS, next to the code that makes the calls, from the same options
/// it runs with. The contract tests resolve every declaration of a host built from a function's
/// environment and check each need against that function's role and network: a new call without a grant
/// fails the suite instead of a deployment. Nothing in production reads these.
/// </summary>
public interface IAwsNeeds
{
    IEnumerable<AwsNeed> Needs(AwsScope scope);
}
