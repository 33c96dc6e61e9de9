namespace Serverless.SystemTests.Support;

/// <summary>
/// The pipeline with short model answers (<c>Llm:MaxOutputTokens</c> 200) for the API and the workers alike, so a
/// draft's worst case is small and the API's budget check uses the same longest answer as the worker.
/// </summary>
public sealed class ShortAnswersPipelineFixture : PipelineFixture
{
    public const int MaxOutputTokens = 200;

    public override Dictionary<string, string?> SharedSettings
    {
        get
        {
            var settings = base.SharedSettings;
            settings["Llm:MaxOutputTokens"] = MaxOutputTokens.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return settings;
        }
    }
}
