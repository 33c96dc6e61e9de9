using System.Text.RegularExpressions;
using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;

namespace Serverless.Infra.Constructs;

/// <summary>
/// A Secrets Manager rotation of one secret every <c>database.rotationDays</c>, by a small Node.js function:
/// Hooks/secret-rotation.js (the four protocol steps) followed by that secret's own steps. Outside the
/// VPC: it calls control-plane APIs only.
/// </summary>
public sealed partial class RotationFunction : Construct
{
    /// <summary>The consistency-token key, in two alternating steps (see the file).</summary>
    public const string ConsistencyKey = "rotate-consistency-key.js";

    /// <summary>The cache's AUTH token, through ElastiCache's ROTATE strategy (see the file).</summary>
    public const string CacheAuth = "rotate-cache-auth.js";

    private const string Protocol = "secret-rotation.js";

    public Function Function { get; }

    public RotationFunction(Construct scope, string id, RotationFunctionProps props) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        var config = props.Config;
        Function = NodeFunction.Create(this, config, new FunctionProps
        {
            Code = Code.FromInline(Source(props.CodeResource)),
            Timeout = props.Timeout,
            MemorySize = 128,
            Description = props.Description,
            Environment = props.Environment,
        });
        // The schedule grants the function read, write and stage moves on this secret, and Secrets Manager the invoke.
        new RotationSchedule(this, "Schedule", new RotationScheduleProps
        {
            Secret = props.Secret,
            RotationLambda = Function,
            AutomaticallyAfter = Duration.Days(config.Database.RotationDays),
        });
    }

    /// <summary>The function's whole source: the protocol, then its own steps, without whole-line comments
    /// (they stay in Hooks/; CloudFormation takes 4 KB of inline code).</summary>
    public static string Source(string resource) =>
        WholeLineComment().Replace(PreTrafficHook.Embedded(Protocol) + PreTrafficHook.Embedded(resource), "");

    [GeneratedRegex(@"^[ \t]*//.*\n", RegexOptions.Multiline)]
    private static partial Regex WholeLineComment();
}
