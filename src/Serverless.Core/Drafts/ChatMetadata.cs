namespace Serverless.Core.Drafts;

/// <summary>
/// Keys our chat clients put in <c>ChatResponse.AdditionalProperties</c> and read from
/// <c>ChatOptions.AdditionalProperties</c>, so the generator knows who answered without knowing who they are.
/// </summary>
public static class ChatMetadata
{
    /// <summary>The configured provider name that produced the response.</summary>
    public const string Provider = "serverless.provider";

    /// <summary>True when the answer came from the offline deterministic provider, not a model.</summary>
    public const string Offline = "serverless.offline";

    /// <summary>The prompt version's model hint (e.g. "small"); providers map it to one of their models.</summary>
    public const string ModelHint = "serverless.model_hint";
}
