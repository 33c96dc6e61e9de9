using Microsoft.Extensions.Time.Testing;
using Serverless.Api.Platform.Caching;

namespace Serverless.Api.Tests.Platform.Caching;

/// <summary>The breaker around Redis calls, on a clock the test moves: no real time passes.</summary>
public sealed class CircuitBreakerTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Break = TimeSpan.FromSeconds(5);

    private readonly FakeTimeProvider _clock = new();

    // Opens when at least 4 calls in the window were made and at least half of them failed.
    private CircuitBreaker Breaker() => new(failureRatio: 0.5, minimumThroughput: 4, Window, Break, _clock);

    [Fact]
    public void FailuresBelowTheMinimumThroughput_KeepItClosed()
    {
        var breaker = Breaker();

        var opened = new[] { breaker.Failed(), breaker.Failed(), breaker.Failed() };

        Assert.All(opened, Assert.False);
        Assert.Equal(CircuitState.Closed, breaker.State);
        Assert.True(breaker.TryEnter());
    }

    [Fact]
    public void EnoughFailuresAtTheRatio_OpenIt_AndCallsAreRefused()
    {
        var breaker = Breaker();
        breaker.Succeeded();
        breaker.Succeeded();
        breaker.Failed();

        var opened = breaker.Failed();

        Assert.True(opened, "the fourth call, the second failure: 2 of 4 failed");
        Assert.Equal(CircuitState.Open, breaker.State);
        Assert.False(breaker.TryEnter());
    }

    [Fact]
    public void FailuresUnderTheRatio_KeepItClosed()
    {
        var breaker = Breaker();
        for (var i = 0; i < 5; i++)
        {
            breaker.Succeeded();
        }

        var opened = new[] { breaker.Failed(), breaker.Failed(), breaker.Failed(), breaker.Failed() };

        Assert.All(opened, Assert.False);
        Assert.Equal(CircuitState.Closed, breaker.State);
    }

    [Fact]
    public void CountsOfAnEarlierWindow_DoNotCount()
    {
        var breaker = Breaker();
        breaker.Failed();
        breaker.Failed();
        breaker.Failed();
        _clock.Advance(Window);

        var opened = breaker.Failed();

        Assert.False(opened);
        Assert.Equal(CircuitState.Closed, breaker.State);
    }

    [Fact]
    public void AfterTheBreak_OneProbeGoesThrough_AndOthersWait()
    {
        var breaker = Opened();
        _clock.Advance(Break - TimeSpan.FromMilliseconds(1));
        Assert.False(breaker.TryEnter());
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        var probe = breaker.TryEnter();
        var second = breaker.TryEnter();

        Assert.True(probe);
        Assert.False(second);
        Assert.Equal(CircuitState.HalfOpen, breaker.State);
    }

    [Fact]
    public void AProbeThatAnswers_ClosesIt_WithFreshCounts()
    {
        var breaker = Opened();
        _clock.Advance(Break);
        Assert.True(breaker.TryEnter());

        var closed = breaker.Succeeded();

        Assert.True(closed);
        Assert.Equal(CircuitState.Closed, breaker.State);
        Assert.True(breaker.TryEnter());
        Assert.False(breaker.Failed(), "the failures before the break are forgotten");
    }

    [Fact]
    public void AProbeThatFails_OpensItForAnotherBreak()
    {
        var breaker = Opened();
        _clock.Advance(Break);
        Assert.True(breaker.TryEnter());

        var opened = breaker.Failed();

        Assert.True(opened);
        Assert.Equal(CircuitState.Open, breaker.State);
        Assert.False(breaker.TryEnter());
        _clock.Advance(Break);
        Assert.True(breaker.TryEnter());
    }

    [Fact]
    public void AnAbandonedProbe_LetsTheNextCallProbe()
    {
        var breaker = Opened();
        _clock.Advance(Break);
        Assert.True(breaker.TryEnter());

        breaker.Abandoned();

        Assert.True(breaker.TryEnter());
        Assert.Equal(CircuitState.HalfOpen, breaker.State);
    }

    [Fact]
    public void ACallThatEndsAfterItOpened_ChangesNothing()
    {
        var breaker = Opened();

        Assert.False(breaker.Succeeded());
        Assert.False(breaker.Failed());
        Assert.Equal(CircuitState.Open, breaker.State);
    }

    private CircuitBreaker Opened()
    {
        var breaker = Breaker();
        for (var i = 0; i < 4; i++)
        {
            breaker.Failed();
        }
        Assert.Equal(CircuitState.Open, breaker.State);
        return breaker;
    }
}
