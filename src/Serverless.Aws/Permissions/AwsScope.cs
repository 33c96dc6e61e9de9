namespace Serverless.Aws.Permissions;

/// <summary>Where the process runs: ARNs of resources configured by name or URL are built from it.</summary>
public sealed record AwsScope(string Region, string Account, string Partition = "aws")
{
    public string Arn(string service, string resource, bool global = false) =>
        $"arn:{Partition}:{service}:{Region}:{(global ? "" : Account)}:{resource}";

    public string Endpoint(string service) => $"{service}.{Region}.amazonaws.com";
}
