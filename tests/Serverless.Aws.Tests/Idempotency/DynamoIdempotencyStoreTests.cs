using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Serverless.Aws.Idempotency;
using Serverless.Core.Idempotency;
using Serverless.Testing;

namespace Serverless.Aws.Tests.Idempotency;

/// <summary>The DESIGN.md idempotency record on dynalite: conditional claim, replay, in-progress, payload check, expiry.</summary>
public sealed class DynamoIdempotencyStoreTests : IDisposable
{
    private static readonly Guid Tenant = Guid.NewGuid();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly AmazonDynamoDBClient _dynamo = new(
        new BasicAWSCredentials("test", "test"),
        new AmazonDynamoDBConfig { ServiceURL = LocalServices.DynamoDb, AuthenticationRegion = "us-east-1" });
    private readonly DynamoIdempotencyStore _store;

    public DynamoIdempotencyStoreTests()
    {
        _store = new DynamoIdempotencyStore(_dynamo, Options.Create(new IdempotencyOptions
        {
            Table = $"idem-{Guid.NewGuid():N}", Provision = true, CompletedHours = 1,
        }), _time);
    }

    [Fact]
    public async Task FirstClaim_Wins_AndASecondWhileItRunsIsToldItIsInProgress()
    {
        var key = IdempotencyKey.For(Tenant, "job", "a", "payload");

        Assert.Equal(ClaimOutcome.Claimed, (await _store.ClaimAsync(key, TimeSpan.FromMinutes(1), default)).Outcome);
        Assert.Equal(ClaimOutcome.InProgress, (await _store.ClaimAsync(key, TimeSpan.FromMinutes(1), default)).Outcome);
    }

    [Fact]
    public async Task CompletedClaim_IsReplayedWithItsResult()
    {
        var key = IdempotencyKey.For(Tenant, "job", "b", "payload");
        await _store.ClaimAsync(key, TimeSpan.FromMinutes(1), default);
        await _store.CompleteAsync(key, """{"draftId":"x"}""", default);

        var again = await _store.ClaimAsync(key, TimeSpan.FromMinutes(1), default);

        Assert.Equal(ClaimOutcome.AlreadyCompleted, again.Outcome);
        Assert.Equal("""{"draftId":"x"}""", again.ResultJson);
    }

    [Fact]
    public async Task SameKeyWithADifferentPayload_IsRejected()
    {
        await _store.ClaimAsync(IdempotencyKey.For(Tenant, "job", "c", "one payload"), TimeSpan.FromMinutes(1), default);

        var other = await _store.ClaimAsync(IdempotencyKey.For(Tenant, "job", "c", "another payload"), TimeSpan.FromMinutes(1), default);

        Assert.Equal(ClaimOutcome.PayloadMismatch, other.Outcome);
    }

    [Fact]
    public async Task ClaimOfAnAttemptThatDied_CanBeTakenOverOnceItsInProgressWindowPassed()
    {
        var key = IdempotencyKey.For(Tenant, "job", "d", "payload");
        await _store.ClaimAsync(key, TimeSpan.FromSeconds(30), default);

        _time.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(ClaimOutcome.Claimed, (await _store.ClaimAsync(key, TimeSpan.FromSeconds(30), default)).Outcome);
    }

    [Fact]
    public async Task CompletedRecord_ExpiresAfterItsRetention()
    {
        var key = IdempotencyKey.For(Tenant, "job", "e", "payload");
        await _store.ClaimAsync(key, TimeSpan.FromMinutes(1), default);
        await _store.CompleteAsync(key, "{}", default);

        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        Assert.Equal(ClaimOutcome.Claimed, (await _store.ClaimAsync(key, TimeSpan.FromMinutes(1), default)).Outcome);
    }

    [Fact]
    public async Task ReleasedClaim_CanBeClaimedAgainAtOnce_ButACompletedOneIsNeverReleased()
    {
        var released = IdempotencyKey.For(Tenant, "job", "f", "payload");
        await _store.ClaimAsync(released, TimeSpan.FromMinutes(1), default);
        await _store.ReleaseAsync(released, default);
        var completed = IdempotencyKey.For(Tenant, "job", "g", "payload");
        await _store.ClaimAsync(completed, TimeSpan.FromMinutes(1), default);
        await _store.CompleteAsync(completed, "{}", default);
        await _store.ReleaseAsync(completed, default);

        Assert.Equal(ClaimOutcome.Claimed, (await _store.ClaimAsync(released, TimeSpan.FromMinutes(1), default)).Outcome);
        Assert.Equal(ClaimOutcome.AlreadyCompleted, (await _store.ClaimAsync(completed, TimeSpan.FromMinutes(1), default)).Outcome);
    }

    [Fact]
    public void TheSameKeyOfTwoTenants_AreDifferentRecords()
    {
        Assert.NotEqual(IdempotencyKey.For(Guid.NewGuid(), "job", "same", "p").Id, IdempotencyKey.For(Guid.NewGuid(), "job", "same", "p").Id);
    }

    public void Dispose() => _dynamo.Dispose();
}
