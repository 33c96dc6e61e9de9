using System.Collections.Concurrent;
using System.Xml.Linq;
using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Aws.Cdn;
using Serverless.Testing.Aws;
using Serverless.Core.PublicContent;

namespace Serverless.Aws.Tests.Cdn;

/// <summary>CreateInvalidation against a fake CloudFront that checks the SigV4 signature as AWS does.</summary>
public sealed class CloudFrontInvalidatorTests : IAsyncDisposable
{
    private const string DistributionId = "E2QWRUHAPOMQZL";
    private static readonly XNamespace Ns = "http://cloudfront.amazonaws.com/doc/2020-05-31/";
    private readonly ConcurrentQueue<int> _script = new();
    private readonly FakeAwsEndpoint _cloudFront;

    public CloudFrontInvalidatorTests()
    {
        _cloudFront = new FakeAwsEndpoint("us-east-1", "cloudfront", _ =>
        {
            var status = _script.TryDequeue(out var scripted) ? scripted : 201;
            return status switch
            {
                201 => (201, "text/xml", $"""<?xml version="1.0"?><Invalidation xmlns="{Ns.NamespaceName}"><Id>I2J0I21PCUYOIK</Id><Status>InProgress</Status></Invalidation>"""),
                400 => (400, "text/xml", "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>"),
                _ => (status, "text/xml", "<ErrorResponse><Error><Type>Receiver</Type><Code>ServiceUnavailable</Code><Message>x</Message></Error></ErrorResponse>"),
            };
        });
    }

    [Fact]
    public async Task Invalidate_SendsOneCreateInvalidation_SignedForCloudFrontInUsEast1_WithTheDocumentedXml()
    {
        var cdn = Invalidator(new SessionAWSCredentials(FakeAwsEndpoint.AccessKey, FakeAwsEndpoint.SecretKey, FakeAwsEndpoint.SessionToken));

        await cdn.InvalidateAsync(new CdnInvalidationRequest(["/public/acme/article/hello*"], ["item/acme/article/hello"], "ref-1"), CancellationToken.None);

        Assert.Empty(_cloudFront.SignatureFailures);
        var request = Assert.Single(_cloudFront.Received);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/2020-05-31/distribution/{DistributionId}/invalidation", request.Path);
        Assert.Equal(FakeAwsEndpoint.SessionToken, request.Headers["x-amz-security-token"]);
        Assert.Contains("x-amz-security-token", request.Headers["authorization"], StringComparison.Ordinal);
        var batch = XDocument.Parse(request.Text).Root!;
        Assert.Equal(Ns + "InvalidationBatch", batch.Name);
        Assert.Equal("1", batch.Element(Ns + "Paths")!.Element(Ns + "Quantity")!.Value);
        Assert.Equal(["/public/acme/article/hello*"], batch.Element(Ns + "Paths")!.Element(Ns + "Items")!.Elements(Ns + "Path").Select(p => p.Value));
        Assert.False(string.IsNullOrWhiteSpace(batch.Element(Ns + "CallerReference")!.Value));
    }

    [Fact]
    public async Task Invalidations_WithinTheWindow_ShareOneBatch_WithEachPathOnce()
    {
        var cdn = Invalidator(batchWindowMs: 300);

        await Task.WhenAll(
            cdn.InvalidateAsync(new CdnInvalidationRequest(["/public/acme/article/a*"], ["item/acme/article/a"], "1"), CancellationToken.None),
            cdn.InvalidateAsync(new CdnInvalidationRequest(["/public/acme/article/b*"], ["item/acme/article/b"], "2"), CancellationToken.None),
            cdn.InvalidateAsync(new CdnInvalidationRequest(["/public/acme/article/a*"], ["item/acme/article/a"], "3"), CancellationToken.None));

        var request = Assert.Single(_cloudFront.Received);
        var paths = XDocument.Parse(request.Text).Descendants(Ns + "Path").Select(p => p.Value).ToList();
        Assert.Equal(["/public/acme/article/a*", "/public/acme/article/b*"], paths);
        Assert.Equal("2", XDocument.Parse(request.Text).Descendants(Ns + "Quantity").Single().Value);
    }

    [Fact]
    public async Task Throttling_AndServerErrors_AreRetried_WithTheSameCallerReference()
    {
        _script.Enqueue(400);
        _script.Enqueue(503);
        var cdn = Invalidator();

        await cdn.InvalidateAsync(new CdnInvalidationRequest(["/public/acme/article/a*"], [], "1"), CancellationToken.None);

        Assert.Equal(3, _cloudFront.Received.Count);
        var references = _cloudFront.Received.Select(r => XDocument.Parse(r.Text).Descendants(Ns + "CallerReference").Single().Value).Distinct();
        Assert.Single(references);
    }

    [Fact]
    public async Task WhileCloudFrontKeepsThrottling_APublisherWaitsNoLongerThanMaxWait()
    {
        for (var i = 0; i < 10; i++)
        {
            _script.Enqueue(400);
        }
        var cdn = Invalidator(maxWaitMs: 300);

        await Assert.ThrowsAsync<TimeoutException>(() =>
            cdn.InvalidateAsync(new CdnInvalidationRequest(["/public/acme/article/a*"], [], "1"), CancellationToken.None));
    }

    [Fact]
    public async Task AWrongSecret_IsRefusedByTheFake_AndNotRetried()
    {
        var cdn = Invalidator(new BasicAWSCredentials(FakeAwsEndpoint.AccessKey, "not-the-secret"));

        var failure = await Assert.ThrowsAsync<CloudFrontException>(() =>
            cdn.InvalidateAsync(new CdnInvalidationRequest(["/public/acme/article/a*"], [], "1"), CancellationToken.None));

        Assert.Equal("SignatureDoesNotMatch", failure.Code);
        Assert.Single(_cloudFront.Received);
    }

    [Fact]
    public void WithoutADistributionId_NoCloudFrontInvalidatorIsRegistered()
    {
        var services = new ServiceCollection();
        services.AddCloudFrontInvalidation(new ConfigurationBuilder().Build());

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(ICdnInvalidator));
    }

    public ValueTask DisposeAsync() => _cloudFront.DisposeAsync();

    private ICdnInvalidator Invalidator(AWSCredentials? credentials = null, int batchWindowMs = 20, int maxWaitMs = 10_000)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cdn:DistributionId"] = DistributionId,
            ["Cdn:Endpoint"] = _cloudFront.Url,
            ["Cdn:BatchWindowMs"] = batchWindowMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cdn:MaxWaitMs"] = maxWaitMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddCloudFrontInvalidation(configuration, credentials ?? new BasicAWSCredentials(FakeAwsEndpoint.AccessKey, FakeAwsEndpoint.SecretKey));
        return services.BuildServiceProvider().GetRequiredService<ICdnInvalidator>();
    }
}
