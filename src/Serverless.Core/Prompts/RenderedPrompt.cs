namespace Serverless.Core.Prompts;

public sealed record RenderedPrompt(PromptVersion Version, string System, string User);
