namespace Serverless.Api.Platform.OpenApi;

/// <summary>
/// Endpoint metadata: an error status this endpoint itself can answer, with its Problem Details types.
/// Errors every endpoint of a kind shares (authentication, a missing item, a bad body) are added by
/// <see cref="ContractOperationTransformer"/>; these are the endpoint's own.
/// </summary>
public sealed record DeclaredProblem(int Status, IReadOnlyList<string> Types);

public static class DeclaredProblemExtensions
{
    public static TBuilder Declares<TBuilder>(this TBuilder builder, int status, params string[] types)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new DeclaredProblem(status, types));
}
