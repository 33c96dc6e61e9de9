using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Schemas;

namespace Serverless.Core.Tests.Schemas;

public sealed class MigrationPlanTests
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static string Apply(string attributes, params MigrationStep[] steps) =>
        MigrationPlan.Apply(steps, MigrationPlan.Parse(attributes)).Attributes.ToJsonString();

    [Fact]
    public void Rename_MovesTheValue_AndLeavesItemsWithoutTheFieldAlone()
    {
        var rename = new MigrationStep(MigrationStep.Rename, From: "author", To: "byline");

        Assert.Equal("""{"tags":["a"],"byline":"Ann"}""", Apply("""{"author":"Ann","tags":["a"]}""", rename));
        Assert.Equal("""{"tags":["a"]}""", Apply("""{"tags":["a"]}""", rename));
    }

    [Fact]
    public void Default_FillsOnlyAMissingField()
    {
        var step = new MigrationStep(MigrationStep.Default, Field: "format", Value: Json("\"text\""));

        Assert.Equal("""{"format":"text"}""", Apply("{}", step));
        Assert.Equal("""{"format":"video"}""", Apply("""{"format":"video"}""", step));
    }

    [Fact]
    public void Drop_RemovesTheField()
    {
        Assert.Equal("""{"keep":1}""", Apply("""{"legacy":true,"keep":1}""", new MigrationStep(MigrationStep.Drop, Field: "legacy")));
    }

    [Fact]
    public void Split_MovesMatchingItemsToTheNewTypeWithoutTheDiscriminator_AndSkipsLaterSteps()
    {
        var steps = new[]
        {
            new MigrationStep(MigrationStep.Split, Field: "kind", Value: Json("\"video\""), ToType: "video"),
            new MigrationStep(MigrationStep.Drop, Field: "kind"),
            new MigrationStep(MigrationStep.Default, Field: "words", Value: Json("0")),
        };

        var video = MigrationPlan.Apply(steps, MigrationPlan.Parse("""{"kind":"video","seconds":90}"""));
        var text = MigrationPlan.Apply(steps, MigrationPlan.Parse("""{"kind":"text"}"""));

        Assert.Equal("video", video.MovedToType);
        Assert.Equal("""{"seconds":90}""", video.Attributes.ToJsonString());
        Assert.Null(text.MovedToType);
        Assert.Equal("""{"words":0}""", text.Attributes.ToJsonString());
    }

    [Fact]
    public void Apply_IsPure_TheInputIsNotChanged()
    {
        var input = (JsonObject)JsonNode.Parse("""{"author":"Ann"}""")!;

        MigrationPlan.Apply([new MigrationStep(MigrationStep.Rename, From: "author", To: "byline")], input);

        Assert.Equal("""{"author":"Ann"}""", input.ToJsonString());
    }
}
