using System.Security.Cryptography;
using System.Text;

namespace Serverless.Llm.Caching.Semantic;

/// <summary>
/// The set of entries a request is compared with: one tenant, one task, one prompt version, one model,
/// one locale. Nothing outside it is ever a candidate, however similar.
/// </summary>
public readonly record struct SemanticPartition(Guid TenantId, string Task, string PromptVersion, string Model, string Locale)
{
    public static SemanticPartition For(LlmCallContext context, string model) =>
        new(context.TenantId, context.Task, context.PromptVersion, model, context.Locale ?? "");

    /// <summary>
    /// <c>llm:s:{tenant}:hash-of-the-rest</c>: the tenant is readable and, in braces, the Redis Cluster hash tag
    /// (a tenant's keys share a slot, so one script may touch them); the rest cannot collide.
    /// </summary>
    public string KeyPrefix
    {
        get
        {
            var rest = SHA256.HashData(Encoding.UTF8.GetBytes($"{Task.Length}:{Task}|{PromptVersion.Length}:{PromptVersion}|{Model.Length}:{Model}|{Locale}"));
            return $"llm:s:{{{TenantId:N}}}:{Convert.ToHexStringLower(rest)[..32]}";
        }
    }
}
