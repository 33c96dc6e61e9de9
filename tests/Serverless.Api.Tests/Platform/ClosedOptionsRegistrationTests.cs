using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Platform;

/// <summary>
/// Every options type of ours that the API configures is registered closed (AddClosedOptions), so the Native AOT
/// image compiles its options services instead of building them at every cold start (docs/lambda.md).
/// </summary>
public sealed class ClosedOptionsRegistrationTests(ClosedOptionsRegistrationTests.Registrations api)
    : IClassFixture<ClosedOptionsRegistrationTests.Registrations>
{
    [Fact]
    public void Every_options_type_of_ours_has_closed_options_services()
    {
        var ours = api.Descriptors
            .Where(d => d.ServiceType.IsGenericType
                && (d.ServiceType.GetGenericTypeDefinition() == typeof(IConfigureOptions<>)
                    || d.ServiceType.GetGenericTypeDefinition() == typeof(IValidateOptions<>)))
            .Select(d => d.ServiceType.GetGenericArguments()[0])
            .Where(t => t.Namespace?.StartsWith("Serverless.", StringComparison.Ordinal) == true)
            .Distinct()
            .ToList();

        var open = ours.Where(t => !api.Descriptors.Any(d => d.ServiceType == typeof(IOptionsMonitor<>).MakeGenericType(t))).Select(t => t.FullName);

        Assert.NotEmpty(ours);
        Assert.Empty(open);
    }

    /// <summary>The API's registrations as Program.cs made them.</summary>
    public sealed class Registrations : ApiFixture
    {
        public IReadOnlyList<ServiceDescriptor> Descriptors { get; private set; } = [];

        protected override void ConfigureServices(IServiceCollection services) => Descriptors = [.. services];
    }
}
