using Microsoft.Extensions.Options;
using NpgsqlTypes;
using Serverless.Api.Platform.Regions;

namespace Serverless.Api.Tests.Platform.Regions;

/// <summary>Rotating the consistency key: tokens signed with the previous key keep working until it is dropped.</summary>
public sealed class ConsistencyKeyRotationTests
{
    private static readonly string OldKey = Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray());
    private static readonly string NewKey = Convert.ToBase64String(Enumerable.Repeat((byte)2, 32).ToArray());
    private static readonly NpgsqlLogSequenceNumber Lsn = new(0x16B3748);

    [Fact]
    public void ATokenSignedWithThePreviousKey_IsAccepted_DuringRotation()
    {
        var issuedBeforeRotation = Tokens(OldKey).Issue(Lsn);

        Assert.True(Tokens(NewKey, previous: OldKey).TryRead(issuedBeforeRotation, out var lsn));
        Assert.Equal(Lsn, lsn);
    }

    [Fact]
    public void NewTokens_AreSignedWithTheCurrentKey()
    {
        var issued = Tokens(NewKey, previous: OldKey).Issue(Lsn);

        Assert.True(Tokens(NewKey).TryRead(issued, out _));
        Assert.False(Tokens(OldKey).TryRead(issued, out _));
    }

    [Fact]
    public void ATokenSignedWithTheOldKey_IsRefused_OnceThePreviousKeyIsDropped()
    {
        var issuedBeforeRotation = Tokens(OldKey).Issue(Lsn);

        Assert.False(Tokens(NewKey).TryRead(issuedBeforeRotation, out _));
    }

    [Fact]
    public void ATokenWhosePositionIsNotHex_IsRefused_NotThrown()
    {
        Assert.False(Tokens(NewKey).TryRead("zzzzzzzzzzzzzzzz.AAAAAAAAAAAAAAAAAAAAAA", out _));
    }

    private static ConsistencyTokens Tokens(string key, string? previous = null) =>
        new(Options.Create(new RegionOptions { ConsistencyKey = key, PreviousConsistencyKey = previous }));
}
