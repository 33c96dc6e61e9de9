using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Serverless.Core.Content;
using Serverless.Core.Prompts;
using Serverless.Core.Review;
using Serverless.Core.Telemetry;

namespace Serverless.Core.Drafts;

/// <summary>
/// Renders the tenant's prompt version, asks the model for structured output and checks it against the
/// version's schema. An invalid answer gets exactly one repair attempt quoting the errors; still invalid,
/// the draft is failed with the reason. Model errors (timeouts, open circuit) propagate so the job is
/// retried later; bad output never does, because asking again in a loop would only burn tokens.
/// </summary>
public sealed class DraftGenerator(IChatClient chat, PromptStore prompts, OutputValidator validator, TokenCounter tokens, JobMetrics metrics)
{
    public const string PromptKey = "content.draft";

    /// <summary>The task drafting is budgeted, routed and reported as.</summary>
    public const string Feature = "drafts.generate";

    /// <summary>Self-reported confidence is discounted when the first answer had to be repaired.</summary>
    private const decimal RepairedConfidenceFactor = 0.8m;

    /// <param name="call">Whom the model calls are for, and the attempt they belong to (budgets key on it).</param>
    public async Task<GeneratedDraft> GenerateAsync(LlmCall call, ContentItem item, string? instructions, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        var tenantId = call.TenantId;
        var version = await prompts.ResolveAsync(tenantId, PromptKey, ct)
            ?? throw new InvalidOperationException($"No prompt '{PromptKey}' exists; run the migrations.");
        RenderedPrompt prompt;
        try
        {
            prompt = PromptRenderer.Render(version, new Dictionary<string, string>
            {
                ["type"] = item.Type,
                ["locale"] = item.Locale,
                ["title"] = item.Title,
                ["body"] = item.Body,
                ["instructions"] = string.IsNullOrWhiteSpace(instructions) ? "none" : instructions,
            });
        }
        catch (MissingPromptVariablesException e)
        {
            return Failed(version, e.Message);
        }

        var cacheKey = $"{version.Key}:{version.Version.ToString(CultureInfo.InvariantCulture)}";
        // What the caches partition and compare by. The semantic cache serves drafts only where configured
        // (Llm:SemanticCache:Tasks): two different articles must never share a draft, so the text compared
        // is everything the request varies in, not just its title.
        call = call with
        {
            PromptVersion = cacheKey,
            Locale = item.Locale,
            SemanticText = string.Join('\n', item.Title, instructions ?? "", item.Body),
        };
        List<ChatMessage> messages = [new(ChatRole.System, prompt.System), new(ChatRole.User, prompt.User)];
        var options = new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.ForJsonSchema(version.OutputSchema, "draft", "A first draft of a content item."),
            AdditionalProperties = new AdditionalPropertiesDictionary(),
        };
        call.AttachTo(options);
        if (version.ModelHint is { } hint)
        {
            options.AdditionalProperties[ChatMetadata.ModelHint] = hint;
        }

        var started = Stopwatch.GetTimestamp();
        var usage = new Usage();
        var response = await chat.GetResponseAsync(messages, options, ct);
        usage.Add(response, messages, tokens);
        var validation = validator.Validate(cacheKey, version.OutputSchema, response.Text);
        var repaired = false;
        if (!validation.IsValid)
        {
            messages.Add(new ChatMessage(ChatRole.Assistant, response.Text));
            messages.Add(new ChatMessage(ChatRole.User,
                "Your answer does not match the required JSON schema:\n- " + string.Join("\n- ", validation.Errors) +
                "\nAnswer again with only the corrected JSON object."));
            response = await chat.GetResponseAsync(messages, options, ct);
            usage.Add(response, messages, tokens);
            validation = validator.Validate(cacheKey, version.OutputSchema, response.Text);
            repaired = true;
        }
        var latencyMs = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var provider = response.AdditionalProperties?.TryGetValue(ChatMetadata.Provider, out var p) == true ? p?.ToString() ?? "unknown" : "unknown";
        var model = response.ModelId ?? "unknown";
        metrics.RecordDraft(provider, validation.IsValid ? DraftStatus.Generated : DraftStatus.Failed, repaired, usage.Input, usage.Output);

        if (validation.Value is not { } output)
        {
            var reason = "The model's output did not match the schema after one repair attempt: " + string.Join("; ", validation.Errors);
            return new GeneratedDraft(
                DraftStatus.Failed, null, null, null, reason, repaired, version.Key, version.Version, provider, model,
                usage.Input, usage.Output, latencyMs, null);
        }
        decimal? confidence = output.TryGetProperty("confidence", out var c) && c.ValueKind == JsonValueKind.Number
            ? Math.Round(Math.Clamp(c.GetDecimal(), 0m, 1m) * (repaired ? RepairedConfidenceFactor : 1m), 3)
            : null;
        return new GeneratedDraft(
            DraftStatus.Generated,
            output.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null,
            output.TryGetProperty("body", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null,
            output.GetRawText(), null, repaired, version.Key, version.Version, provider, model,
            usage.Input, usage.Output, latencyMs, confidence);
    }

    private static GeneratedDraft Failed(PromptVersion version, string reason) => new(
        DraftStatus.Failed, null, null, null, reason, false, version.Key, version.Version, "none", "none", 0, 0, 0, null);

    /// <summary>Tokens over every call of one draft: the provider's counts where reported, else our own.</summary>
    private sealed class Usage
    {
        public int Input { get; private set; }

        public int Output { get; private set; }

        public void Add(ChatResponse response, IEnumerable<ChatMessage> sent, TokenCounter counter)
        {
            Input += (int?)response.Usage?.InputTokenCount ?? sent.Sum(m => counter.Count(m.Text));
            Output += (int?)response.Usage?.OutputTokenCount ?? counter.Count(response.Text);
        }
    }
}
