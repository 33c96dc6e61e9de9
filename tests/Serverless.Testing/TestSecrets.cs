using Serverless.Core.Secrets;

namespace Serverless.Testing;

/// <summary>The key tests seal stored secrets with: not the development key, which only Development accepts.</summary>
public static class TestSecrets
{
    public const string Key = "dGVzdC1zZWNyZXRzLWF0LXJlc3Qta2V5LXVzZWQtb25seS1ieS10ZXN0cy0wMDA=";

    public static SecretSealer Sealer { get; } = new(new SecretsAtRestOptions { Key = Key });
}
