using Serverless.Lambda.ApiGateway;

namespace Serverless.Lambda.Tests.ApiGateway;

public sealed class PathDecoderTests
{
    [Theory]
    [InlineData("/a+b", "/a+b")]
    [InlineData("/a%2Fb", "/a%2Fb")]
    [InlineData("/a%2fb", "/a%2fb")]
    [InlineData("/x%20y", "/x y")]
    [InlineData("/caf%C3%A9", "/café")]
    [InlineData("/%F0%9F%98%80", "/😀")]
    [InlineData("/100%25", "/100%")]
    [InlineData("/%2B", "/+")]
    [InlineData("/bad%C3", "/bad%C3")]
    [InlineData("/bad%C3%28", "/bad%C3(")]
    [InlineData("/overlong%C0%AF", "/overlong%C0%AF")]
    [InlineData("/trailing%", "/trailing%")]
    [InlineData("/not%zzhex", "/not%zzhex")]
    public void Decode_matches_kestrel_path_semantics(string encoded, string expected) =>
        Assert.Equal(expected, PathDecoder.Decode(encoded));
}
