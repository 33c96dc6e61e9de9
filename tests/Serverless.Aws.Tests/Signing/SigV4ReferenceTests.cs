using Serverless.Testing.Aws;

namespace Serverless.Aws.Tests.Signing;

public sealed class SigV4ReferenceTests
{
    [Fact]
    public void TheReference_ReproducesTheDocumentedExampleSignature()
    {
        // The IAM ListUsers example of the AWS Signature Version 4 documentation.
        var headers = new Dictionary<string, string>
        {
            ["content-type"] = "application/x-www-form-urlencoded; charset=utf-8",
            ["host"] = "iam.amazonaws.com",
            ["x-amz-date"] = "20150830T123600Z",
        };

        var signature = SigV4Reference.Signature("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "GET", "/", "Action=ListUsers&Version=2010-05-08",
            headers, ["content-type", "host", "x-amz-date"], [], "20150830T123600Z", "us-east-1", "iam");

        Assert.Equal("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7", signature);
    }
}
