namespace Serverless.Lambda.Tests.Published;

[CollectionDefinition(Name)]
public sealed class PublishedSampleCollection : ICollectionFixture<PublishedSampleFixture>
{
    public const string Name = "Published sample";
}
