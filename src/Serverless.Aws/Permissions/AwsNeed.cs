namespace Serverless.Aws.Permissions;

/// <summary>
/// One thing a component does in AWS with its current configuration: an API call on a resource (the IAM
/// action and the resource's ARN), or a connection to a host (which the VPC must route). Resources the
/// code only knows through another one are named relative to it: <c>key-of:QUEUE_ARN</c> (the queue's
/// KMS key), <c>dead-letter-of:QUEUE_ARN</c> (its redrive target).
/// </summary>
public sealed record AwsNeed(string Component, string? Action, string? Resource, string? Host)
{
    public static AwsNeed Call(string component, string action, string resource) => new(component, action, resource, null);

    public static AwsNeed Reach(string component, string host) => new(component, null, null, host);

    public override string ToString() => Host is null ? $"{Component}: {Action} on {Resource}" : $"{Component}: connect to {Host}:443";
}
