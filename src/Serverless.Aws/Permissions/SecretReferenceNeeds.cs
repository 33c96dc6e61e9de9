namespace Serverless.Aws.Permissions;

/// <summary>
/// Reading <c>/aws/reference/secretsmanager/NAME</c> through SSM: GetParameter on that parameter, and
/// GetSecretValue on the secret itself (SSM reads it with the caller's rights). A secret's ARN ends in a
/// random six-character suffix, stood in for here.
/// </summary>
public sealed class SecretReferenceNeeds(string component, IReadOnlyList<string> references) : IAwsNeeds
{
    private const string Prefix = "/aws/reference/secretsmanager/";

    public IEnumerable<AwsNeed> Needs(AwsScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (references.Count > 0)
        {
            yield return AwsNeed.Reach(component, scope.Endpoint("ssm"));
        }
        foreach (var reference in references)
        {
            yield return AwsNeed.Call(component, "ssm:GetParameter", scope.Arn("ssm", "parameter" + reference));
            if (reference.StartsWith(Prefix, StringComparison.Ordinal))
            {
                yield return AwsNeed.Call(component, "secretsmanager:GetSecretValue", scope.Arn("secretsmanager", $"secret:{reference[Prefix.Length..]}-AbCdEf"));
            }
        }
    }
}
