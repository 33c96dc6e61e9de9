namespace Serverless.Core.Prompts;

/// <summary>A template names a variable the caller did not supply: a bug, so it is never retried into a draft.</summary>
public sealed class MissingPromptVariablesException : Exception
{
    public MissingPromptVariablesException()
    {
    }

    public MissingPromptVariablesException(string message)
        : base(message)
    {
    }

    public MissingPromptVariablesException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MissingPromptVariablesException(string key, int version, IReadOnlyCollection<string> missing)
        : base($"Prompt {key} v{version} needs {string.Join(", ", missing)}, which were not supplied.")
    {
        Missing = missing;
    }

    public IReadOnlyCollection<string> Missing { get; } = [];
}
