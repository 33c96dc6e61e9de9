using Serverless.Lambda.Runtime;

// Hello world on the Runtime API: no host, no DI, no ASP.NET Core; one fixed API Gateway response.
var response = """{"statusCode":200,"multiValueHeaders":{"Content-Type":["text/plain"]},"body":"hello","isBase64Encoded":false}"""u8.ToArray();
using var client = new LambdaRuntimeApiClient(LambdaEnvironment.RuntimeApiAddress ?? throw new InvalidOperationException("AWS_LAMBDA_RUNTIME_API is not set."));
while (true)
{
    var invocation = await client.GetNextInvocationAsync(CancellationToken.None);
    await client.PostResponseAsync(invocation.Context.AwsRequestId, response, CancellationToken.None);
}
