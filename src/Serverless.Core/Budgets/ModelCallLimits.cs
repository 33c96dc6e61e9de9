namespace Serverless.Core.Budgets;

/// <summary>
/// The longest answer a model call may get (<c>Llm:MaxOutputTokens</c>). The worker sends it to the provider and
/// reserves it against the budget with the prompt's tokens; the API reads the same setting as the least any
/// draft's call reserves, so it can refuse a draft at once that could only end <c>budget_exhausted</c>.
/// </summary>
public sealed class ModelCallLimits
{
    public const string Section = "Llm";

    public const int DefaultMaxOutputTokens = 4096;

    public int MaxOutputTokens { get; set; } = DefaultMaxOutputTokens;
}
