using System.Text;

namespace Serverless.Testing.Aws;

/// <summary>One request as the fake AWS endpoint saw it; header names lower-case.</summary>
public sealed record ReceivedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);
}
