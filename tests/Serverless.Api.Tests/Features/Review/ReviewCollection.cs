namespace Serverless.Api.Tests.Features.Review;

/// <summary>The review test classes share one API and database (each test makes its own tenants); they run in turn,
/// so moving the shared clock cannot expire another test's lease.</summary>
[CollectionDefinition(Name)]
public sealed class ReviewCollection : ICollectionFixture<ReviewFixture>
{
    public const string Name = "Review";
}
