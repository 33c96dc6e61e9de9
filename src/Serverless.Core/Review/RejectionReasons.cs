namespace Serverless.Core.Review;

/// <summary>
/// A fixed set of reasons, so rejections can be counted per prompt version; the comment says the rest.
/// </summary>
public static class RejectionReasons
{
    public const string Inaccurate = "inaccurate";
    public const string OffBrief = "off_brief";
    public const string Tone = "tone";
    public const string Policy = "policy";
    public const string Quality = "quality";
    public const string Other = "other";

    public static readonly string[] All = [Inaccurate, OffBrief, Tone, Policy, Quality, Other];
}
