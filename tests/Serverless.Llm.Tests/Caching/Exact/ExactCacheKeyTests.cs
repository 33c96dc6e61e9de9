using Microsoft.Extensions.AI;
using Serverless.Llm.Caching;
using Serverless.Llm.Caching.Exact;

namespace Serverless.Llm.Tests.Caching.Exact;

public sealed class ExactCacheKeyTests
{
    private static readonly Guid Tenant = Guid.Parse("0196a1c2-0000-7000-8000-000000000001");
    private static readonly LlmCallContext Context = new(Tenant, "draft", "draft-v3");
    private static readonly ChatMessage[] Messages = [new(ChatRole.System, "You write drafts."), new(ChatRole.User, "Write about Lambda pricing")];

    private static string Key(LlmCallContext? context = null, string model = "gpt-4o-mini", ChatMessage[]? messages = null, ChatOptions? options = null) =>
        ExactCacheKey.Compute(context ?? Context, model, messages ?? Messages, options ?? new ChatOptions { Temperature = 0.2f, MaxOutputTokens = 800 });

    [Fact]
    public void Same_inputs_give_the_same_key() => Assert.Equal(Key(), Key());

    [Fact]
    public void Whitespace_and_line_endings_do_not_change_the_key() =>
        Assert.Equal(Key(), Key(messages: [new(ChatRole.System, "You write\r\n drafts.  "), new(ChatRole.User, " Write about  Lambda pricing\n")]));

    [Fact]
    public void Every_part_of_the_key_changes_it()
    {
        var keys = new[]
        {
            Key(),
            Key(context: Context with { TenantId = Guid.Parse("0196a1c2-0000-7000-8000-000000000002") }),
            Key(context: Context with { Task = "outline" }),
            Key(context: Context with { PromptVersion = "draft-v4" }),
            Key(context: Context with { Locale = "de-DE" }),
            Key(model: "gpt-4o"),
            Key(messages: [Messages[0], new(ChatRole.User, "Write about Lambda pricing!")]),
            Key(messages: [new(ChatRole.User, Messages[0].Text), Messages[1]]),
            Key(options: new ChatOptions { Temperature = 0.7f, MaxOutputTokens = 800 }),
            Key(options: new ChatOptions { Temperature = 0.2f, MaxOutputTokens = 801 }),
            Key(options: new ChatOptions { Temperature = 0.2f, MaxOutputTokens = 800, ResponseFormat = ChatResponseFormat.Json }),
            Key(options: new ChatOptions { Temperature = 0.2f, MaxOutputTokens = 800, Seed = 7 }),
        };
        Assert.Equal(keys.Length, keys.Distinct().Count());
    }

    [Fact]
    public void Fields_cannot_run_into_each_other()
    {
        var a = ExactCacheKey.Compute(Context with { Task = "ab", PromptVersion = "c" }, "m", Messages, null);
        var b = ExactCacheKey.Compute(Context with { Task = "a", PromptVersion = "bc" }, "m", Messages, null);
        Assert.NotEqual(a, b);
    }
}
