extern alias worker;

using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Serverless.Testing;
using StackExchange.Redis;
using worker::Serverless.Worker.Fairness;

namespace Serverless.Worker.Tests.Fairness;

/// <summary>Per-tenant model-call slots on real Redis: the cap holds across takers, a dead holder's slot lapses, a live one's does not.</summary>
public sealed class TenantSlotsTests : IAsyncLifetime
{
    private ConnectionMultiplexer _redis = null!;

    public async Task InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(LocalServices.Redis);

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    private TenantSlots Slots(int leaseSeconds = 30) =>
        new(_redis, Options.Create(new FairnessOptions { LeaseSeconds = leaseSeconds }), NullLogger<TenantSlots>.Instance);

    [Fact]
    public async Task ManyTakersAtOnce_GetNoMoreThanTheCap_AndAGivenBackSlotCanBeTakenAgain()
    {
        var tenant = Guid.NewGuid();
        var slots = Slots();

        var taken = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => slots.TryTakeAsync(tenant, 3, CancellationToken.None)));

        Assert.Equal(3, taken.Count(s => s is not null));
        Assert.Null(await slots.TryTakeAsync(tenant, 3, CancellationToken.None));
        await taken.First(s => s is not null)!.DisposeAsync();
        Assert.NotNull(await slots.TryTakeAsync(tenant, 3, CancellationToken.None));
    }

    [Fact]
    public async Task TenantsHaveTheirOwnCaps()
    {
        var slots = Slots();

        Assert.NotNull(await slots.TryTakeAsync(Guid.NewGuid(), 1, CancellationToken.None));
        Assert.NotNull(await slots.TryTakeAsync(Guid.NewGuid(), 1, CancellationToken.None));
    }

    [Fact]
    public async Task ASlotWhoseHolderDied_IsRefusedUntilItsLeaseEnds_ThenFreed()
    {
        var tenant = Guid.NewGuid();
        var slots = Slots();
        // What a worker that crashed leaves behind: its slot, with a lease ending a second from now, never renewed.
        await _redis.GetDatabase().SortedSetAddAsync(TenantSlots.KeyOf(tenant), "crashed-worker", DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeMilliseconds());

        Assert.Null(await slots.TryTakeAsync(tenant, 1, CancellationToken.None));
        TenantSlot? taken = null;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (taken is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            taken = await slots.TryTakeAsync(tenant, 1, CancellationToken.None);
        }

        Assert.NotNull(taken);
        Assert.DoesNotContain((RedisValue)"crashed-worker", await _redis.GetDatabase().SortedSetRangeByRankAsync(TenantSlots.KeyOf(tenant)));
    }

    [Fact]
    public async Task ASlotStillHeld_IsRenewed_AndOutlivesItsFirstLease()
    {
        var tenant = Guid.NewGuid();
        var slots = Slots(leaseSeconds: 3);
        await using var held = await slots.TryTakeAsync(tenant, 1, CancellationToken.None);
        Assert.NotNull(held);
        var firstExpiry = (await _redis.GetDatabase().SortedSetRangeByRankWithScoresAsync(TenantSlots.KeyOf(tenant)))[0].Score;

        // Wait on the condition: the score moves forward once a renewal (every second here) has run.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        double expiry;
        do
        {
            await Task.Delay(100);
            expiry = (await _redis.GetDatabase().SortedSetRangeByRankWithScoresAsync(TenantSlots.KeyOf(tenant)))[0].Score;
        }
        while (expiry <= firstExpiry && DateTime.UtcNow < deadline);

        Assert.True(expiry > firstExpiry, "the lease was never renewed");
        Assert.Null(await slots.TryTakeAsync(tenant, 1, CancellationToken.None));
    }

    [Fact]
    public async Task WhenRedisDoesNotAnswer_TheJobRunsWithoutACap()
    {
        var options = ConfigurationOptions.Parse("127.0.0.1:1");
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 200;
        options.AsyncTimeout = 200;
        await using var down = await ConnectionMultiplexer.ConnectAsync(options);
        var slots = new TenantSlots(down, Options.Create(new FairnessOptions()), NullLogger<TenantSlots>.Instance);

        Assert.Same(TenantSlot.Unlimited, await slots.TryTakeAsync(Guid.NewGuid(), 1, CancellationToken.None));
    }
}
