using Serverless.Lambda.ApiGateway;

namespace Serverless.Lambda.Tests.ApiGateway;

public sealed class PathEncoderTests
{
    [Theory]
    [InlineData("/a b", "/a%20b")]
    [InlineData("/100%41", "/100%2541")]
    [InlineData("/café", "/caf%C3%A9")]
    [InlineData("/a+b/c@d", "/a+b/c@d")]
    [InlineData("/q?x#y", "/q%3Fx%23y")]
    public void Encode_escapes_what_a_request_target_cannot_hold_and_every_percent(string decoded, string expected) =>
        Assert.Equal(expected, PathEncoder.Encode(decoded));

    [Theory]
    [InlineData("/a b/ü/😀/x+y")]
    [InlineData("/50%/%zz")]
    public void Decoding_an_encoded_path_gives_it_back(string decoded) =>
        Assert.Equal(decoded, PathDecoder.Decode(PathEncoder.Encode(decoded)));
}
