using Microsoft.AspNetCore.WebUtilities;
using Serverless.Lambda.ApiGateway;

namespace Serverless.Lambda.Tests.ApiGateway;

public sealed class QueryStringBuilderTests
{
    [Theory]
    [InlineData("a+b")]
    [InlineData("a b")]
    [InlineData("x&y=z")]
    [InlineData("%2B already-encoded-looking")]
    [InlineData("café 😀")]
    [InlineData("")]
    public void Decoded_values_come_back_unchanged_after_ASP_NET_parses_the_rebuilt_query(string value)
    {
        var query = QueryStringBuilder.Build(new() { ["k"] = [value, "second"] }, null);

        var parsed = QueryHelpers.ParseQuery(query);

        Assert.Equal([value, "second"], parsed["k"].AsEnumerable());
    }

    [Fact]
    public void Single_value_parameters_are_used_when_multi_value_ones_are_absent()
    {
        var query = QueryStringBuilder.Build(null, new() { ["a"] = "1 2" });

        Assert.Equal("?a=1%202", query);
    }

    [Fact]
    public void No_parameters_give_an_empty_query_string() =>
        Assert.Equal(string.Empty, QueryStringBuilder.Build(null, null));
}
