using Serverless.Lambda.Runtime;

namespace Serverless.Lambda.Tests.Support;

public sealed class DelegateHandler(Func<LambdaInvocation, Task<ReadOnlyMemory<byte>>> handle) : ILambdaHandler
{
    public Task<ReadOnlyMemory<byte>> HandleAsync(LambdaInvocation invocation, CancellationToken cancellationToken) => handle(invocation);
}
