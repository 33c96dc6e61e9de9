using System.Text;

namespace Serverless.Aws.Tests.Support;

/// <summary>One request as the fake AWS endpoint saw it; header names lower-case.</summary>
public sealed record ReceivedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);
}
