namespace Serverless.Api.Platform.Caching;

public enum CircuitState
{
    /// <summary>Calls are made and counted.</summary>
    Closed,

    /// <summary>No call is made until the break is over.</summary>
    Open,

    /// <summary>The break is over and one probe is out: its outcome closes or reopens the circuit.</summary>
    HalfOpen,
}
