namespace Serverless.Api.Platform;

public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>host:6379,ssl=true,password=…</c>.</summary>
    public string Configuration { get; set; } = "";
}
