using System.Text;
using System.Text.RegularExpressions;

namespace Serverless.Core.Prompts;

/// <summary>
/// Fills <c>{{name}}</c> placeholders. Every placeholder is a required variable: a missing one fails
/// before any model is called, rather than sending a prompt with a hole in it.
/// </summary>
public static partial class PromptRenderer
{
    public static IReadOnlySet<string> VariablesOf(PromptVersion prompt)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var template in new[] { prompt.SystemTemplate, prompt.UserTemplate })
        {
            foreach (Match match in Placeholder().Matches(template))
            {
                names.Add(match.Groups[1].Value);
            }
        }
        return names;
    }

    public static RenderedPrompt Render(PromptVersion prompt, IReadOnlyDictionary<string, string> variables)
    {
        var missing = VariablesOf(prompt).Where(name => !variables.ContainsKey(name)).ToList();
        if (missing.Count > 0)
        {
            throw new MissingPromptVariablesException(prompt.Key, prompt.Version, missing);
        }
        return new RenderedPrompt(prompt, Fill(prompt.SystemTemplate, variables), Fill(prompt.UserTemplate, variables));
    }

    private static string Fill(string template, IReadOnlyDictionary<string, string> variables)
    {
        var result = new StringBuilder(template.Length);
        var last = 0;
        foreach (Match match in Placeholder().Matches(template))
        {
            result.Append(template, last, match.Index - last).Append(variables[match.Groups[1].Value]);
            last = match.Index + match.Length;
        }
        return result.Append(template, last, template.Length - last).ToString();
    }

    [GeneratedRegex(@"\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}")]
    private static partial Regex Placeholder();
}
