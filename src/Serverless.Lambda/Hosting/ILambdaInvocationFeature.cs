using Serverless.Lambda.Runtime;

namespace Serverless.Lambda.Hosting;

/// <summary>The Lambda invocation a request came in, for deadlines and trace ids inside endpoints.</summary>
public interface ILambdaInvocationFeature
{
    LambdaInvocationContext Invocation { get; }
}
