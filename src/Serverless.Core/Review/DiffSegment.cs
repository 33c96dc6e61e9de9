namespace Serverless.Core.Review;

/// <summary>One run of a word diff: <c>equal</c>, <c>insert</c> (the reviewer added it) or <c>delete</c> (the reviewer removed it).</summary>
public sealed record DiffSegment(string Op, string Text)
{
    public const string Equal = "equal";
    public const string Insert = "insert";
    public const string Delete = "delete";
}
