using Serverless.Lambda.Runtime;

namespace Serverless.Lambda.Hosting;

internal sealed record LambdaInvocationFeature(LambdaInvocationContext Invocation) : ILambdaInvocationFeature;
