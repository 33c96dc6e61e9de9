using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Constructs;
using Serverless.Infra.Config;

namespace Serverless.Infra.Constructs;

/// <summary>
/// CodeDeploy's BeforeAllowTraffic hook for one function: a small Node.js function (Hooks/pre-traffic-hook.js,
/// the SDK that the Node runtime bundles) that invokes the new version with an API Gateway event for a
/// health path and reports the result. It may invoke that function's versions and nothing else; the
/// deployment group adds the one CodeDeploy permission, on itself. It runs outside the VPC because it only
/// talks to the Lambda and CodeDeploy APIs.
/// </summary>
public sealed class PreTrafficHook : Construct
{
    public const string CodeResource = "pre-traffic-hook.js";

    public Function Function { get; }

    public PreTrafficHook(Construct scope, string id, PlatformConfig config, IFunction target, IVersion version, string path) : base(scope, id)
    {
        Function = NodeFunction.Create(this, config, new FunctionProps
        {
            Code = Code.FromInline(Source()),
            Timeout = Duration.Seconds(60),
            MemorySize = 256,
            Description = $"Smoke-checks a new version of {id} before CodeDeploy shifts traffic ({config.Environment})",
            Environment = new Dictionary<string, string>
            {
                ["TARGET_VERSION_ARN"] = version.FunctionArn,
                ["CHECK_PATH"] = path,
            },
        });
        Function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["lambda:InvokeFunction"],
            Resources = [$"{target.FunctionArn}:*"],
        }));
    }

    public static string Source() => Embedded(CodeResource);

    /// <summary>A Node.js source embedded from Hooks/ (inline code: CloudFormation takes up to 4 KB).</summary>
    public static string Embedded(string resource)
    {
        using var stream = typeof(PreTrafficHook).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{resource} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
