using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.SecretsManager;
using Serverless.Infra.Config;

namespace Serverless.Infra.Constructs;

/// <summary>
/// Lambda reads a secret as the SSM parameter /aws/reference/secretsmanager/NAME: that needs
/// ssm:GetParameter on exactly that parameter plus read access to the secret itself.
/// </summary>
public static class SecretParameter
{
    public static string Grant(IGrantable grantee, ISecret secret, string secretName, Stack stack)
    {
        var path = ResourceNames.SecretReference(secretName);
        secret.GrantRead(grantee);
        grantee.GrantPrincipal.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["ssm:GetParameter"],
            Resources = [stack.FormatArn(new ArnComponents { Service = "ssm", Resource = "parameter", ResourceName = path.TrimStart('/') })],
        }));
        return path;
    }
}
