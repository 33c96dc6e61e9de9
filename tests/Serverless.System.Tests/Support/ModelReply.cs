namespace Serverless.SystemTests.Support;

/// <summary>One scripted answer of the fake model server.</summary>
public sealed record ModelReply(int Status, string Body, TimeSpan Delay)
{
    /// <summary>Sent as a Retry-After header when set.</summary>
    public int? RetryAfterSeconds { get; init; }

    public static ModelReply Ok(string content = FakeOpenAi.ValidDraft, bool withUsage = true, TimeSpan? delay = null) =>
        new(200, FakeOpenAi.Completion(content, withUsage), delay ?? TimeSpan.Zero);

    public static ModelReply Error(int status) => new(status, """{"error":{"message":"boom"}}""", TimeSpan.Zero);
}
