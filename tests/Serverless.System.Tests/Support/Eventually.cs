namespace Serverless.SystemTests.Support;

/// <summary>Waits for the system to reach a state. The timeout only stops a broken test; nothing asserts on time.</summary>
public static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, string what, int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for {what}; last seen: {value}");
            }
            await Task.Delay(100);
        }
    }
}
