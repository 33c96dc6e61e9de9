using Serverless.Core.ApiKeys;

namespace Serverless.Core.Tests.ApiKeys;

public sealed class ApiKeySecretTests
{
    [Fact]
    public void Generate_KeyCarriesItsPrefixAnd256BitsOfSecret()
    {
        var (prefix, key) = ApiKeySecret.Generate();

        Assert.Matches("^sl_[a-z2-7]{12}_[A-Za-z0-9_-]{43}$", key);
        Assert.Equal(prefix, ApiKeySecret.PrefixOf(key));
    }

    [Fact]
    public void Generate_TwoKeys_Differ()
    {
        Assert.NotEqual(ApiKeySecret.Generate().Key, ApiKeySecret.Generate().Key);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer abc")]
    [InlineData("sl_short")]
    [InlineData("sl_ABCDEFGHIJKL_secret")]
    [InlineData("sl_abcdefghijkl-secret")]
    [InlineData("xx_abcdefghijkl_secret")]
    public void PrefixOf_NotOneOfOurKeys_IsNull(string? presented)
    {
        Assert.Null(ApiKeySecret.PrefixOf(presented));
    }

    [Fact]
    public void Matches_OnlyTheExactKey()
    {
        var (_, key) = ApiKeySecret.Generate();
        var hash = ApiKeySecret.Hash(key);

        Assert.True(ApiKeySecret.Matches(key, hash));
        Assert.False(ApiKeySecret.Matches(key[..^1] + (key[^1] == 'a' ? 'b' : 'a'), hash));
    }
}
