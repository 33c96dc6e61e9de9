namespace Serverless.Worker.Llm;

public static class LlmProviderKinds
{
    public const string OpenAi = "openai";
    public const string Offline = "offline";
}
