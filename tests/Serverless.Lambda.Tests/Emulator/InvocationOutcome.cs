using System.Text;

namespace Serverless.Lambda.Tests.Emulator;

/// <summary>How the function answered one invocation: a response or an error, as posted to the Runtime API.</summary>
public sealed record InvocationOutcome(string RequestId, bool IsError, string? ErrorType, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);
}
