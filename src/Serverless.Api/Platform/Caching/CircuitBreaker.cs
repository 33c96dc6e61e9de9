namespace Serverless.Api.Platform.Caching;

/// <summary>
/// A circuit breaker that allocates nothing per call. Closed, it counts calls and failures in a window of
/// <c>samplingDuration</c> and opens once the window holds at least <c>minimumThroughput</c> calls of which at least
/// <c>failureRatio</c> failed. Open, it refuses every call for <c>breakDuration</c>; then it lets one call through
/// (half-open): that call's success closes it, its failure opens it again.
/// </summary>
/// <remarks>
/// The window is tumbling (counts start again when it has passed), where Polly's slides; both open on a sustained
/// outage within one window. A call that began before the circuit opened and ends after it changes nothing.
/// </remarks>
public sealed class CircuitBreaker(double failureRatio, int minimumThroughput, TimeSpan samplingDuration, TimeSpan breakDuration, TimeProvider time)
{
    private readonly Lock _lock = new();
    private volatile CircuitState _state;
    private long _windowStart = time.GetTimestamp();
    private int _calls;
    private int _failures;
    private long _probeAt;

    public CircuitState State => _state;

    /// <summary>True when a call may be made now; while half-open, true for the one probe only.</summary>
    public bool TryEnter()
    {
        if (_state == CircuitState.Closed)
        {
            return true;
        }
        lock (_lock)
        {
            if (_state == CircuitState.Closed)
            {
                return true;
            }
            if (_state == CircuitState.Open && time.GetTimestamp() >= _probeAt)
            {
                _state = CircuitState.HalfOpen;
                return true;
            }
            return false;
        }
    }

    /// <summary>Records a call that answered; true when it closed the circuit (it was the half-open probe).</summary>
    public bool Succeeded()
    {
        lock (_lock)
        {
            switch (_state)
            {
                case CircuitState.HalfOpen:
                    _state = CircuitState.Closed;
                    StartWindow(time.GetTimestamp());
                    return true;
                case CircuitState.Closed:
                    Count(failed: false);
                    return false;
                default:
                    return false;
            }
        }
    }

    /// <summary>Records a call that failed or timed out; true when it opened the circuit.</summary>
    public bool Failed()
    {
        lock (_lock)
        {
            switch (_state)
            {
                case CircuitState.HalfOpen:
                    Open();
                    return true;
                case CircuitState.Closed:
                    Count(failed: true);
                    if (_calls >= minimumThroughput && _failures >= failureRatio * _calls)
                    {
                        Open();
                        return true;
                    }
                    return false;
                default:
                    return false;
            }
        }
    }

    /// <summary>A call that ended with neither answer nor failure (its caller gave up): a half-open probe is owed again.</summary>
    public void Abandoned()
    {
        lock (_lock)
        {
            if (_state == CircuitState.HalfOpen)
            {
                _state = CircuitState.Open;
                _probeAt = time.GetTimestamp();
            }
        }
    }

    private void Count(bool failed)
    {
        var now = time.GetTimestamp();
        if (time.GetElapsedTime(_windowStart, now) >= samplingDuration)
        {
            StartWindow(now);
        }
        _calls++;
        if (failed)
        {
            _failures++;
        }
    }

    private void StartWindow(long now)
    {
        _windowStart = now;
        _calls = 0;
        _failures = 0;
    }

    private void Open()
    {
        _state = CircuitState.Open;
        _probeAt = time.GetTimestamp() + (long)(breakDuration.TotalSeconds * time.TimestampFrequency);
    }
}
