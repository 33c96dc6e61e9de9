using System.Text.RegularExpressions;

namespace Serverless.Contract.Tests.Support;

/// <summary>IAM's matching of actions and resources: <c>*</c> any run of characters, <c>?</c> one.</summary>
public static class Glob
{
    public static bool Matches(string pattern, string value, bool ignoreCase) =>
        Regex.IsMatch(value, "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
            ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
}
