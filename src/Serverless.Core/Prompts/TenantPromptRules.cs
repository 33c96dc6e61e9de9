namespace Serverless.Core.Prompts;

/// <summary>What a tenant's own prompt version may hold.</summary>
public static class TenantPromptRules
{
    public const int MaxTemplateChars = 20_000;
    public const string KeyPattern = "^[a-z]+(\\.[a-z]+)*$";
    public const int MaxKeyChars = 100;
}
