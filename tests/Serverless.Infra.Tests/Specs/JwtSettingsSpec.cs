using Serverless.Infra.Config;
using Serverless.Infra.Tests.Support;

namespace Serverless.Infra.Tests.Specs;

/// <summary>
/// The API checks people's tokens against the environment's OIDC issuer; without these settings it
/// would fall back to a shared signing key. The app refuses to start on Lambda without an authority.
/// </summary>
[Collection(PlatformsCollection.Name)]
public sealed class JwtSettingsSpec(Platforms platforms)
{
    [Fact]
    public void Every_regions_API_is_told_the_issuer_audience_and_authority_of_its_environment()
    {
        foreach (var env in platforms.Both)
        {
            foreach (var region in env.Stacks.Regions)
            {
                var api = FunctionGrants.Of(env.Of(region.App), "api");

                Assert.Equal(env.Config.Auth.Issuer, api.Variable("Jwt__Issuer"));
                Assert.Equal(env.Config.Auth.Audience, api.Variable("Jwt__Audience"));
                Assert.Equal(env.Config.Auth.Authority, api.Variable("Jwt__Authority"));
                Assert.StartsWith("https://", api.Variable("Jwt__Authority"), StringComparison.Ordinal);
                // The console signs reviewers in with the same issuer, as the client the tokens are for.
                Assert.Equal(env.Config.Auth.Authority, api.Variable("Console__SignIn__Authority"));
                Assert.Equal(env.Config.Auth.Audience, api.Variable("Console__SignIn__ClientId"));
                Assert.Equal(env.Config.Auth.SignInDomain, api.Variable("Console__SignIn__ConnectOrigins"));
            }
        }
    }

    [Fact]
    public void No_function_is_ever_given_a_signing_key()
    {
        foreach (var env in platforms.Both)
        {
            var variables = env.Templates.Values
                .SelectMany(t => t.Resources("AWS::Lambda::Function"))
                .SelectMany(f => f["Environment"]?["Variables"]?.AsObject().Select(v => v.Key) ?? []);

            Assert.DoesNotContain(variables, v => v.StartsWith("Jwt__SigningKey", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void Synthesis_refuses_an_environment_without_an_authority_and_names_the_setting()
    {
        var source = File.ReadAllText(RepoPaths.Of("infra", "config", "staging.json"));
        var file = Path.GetTempFileName();
        File.WriteAllText(file, source.Replace("\"authority\":", "\"unused\":", StringComparison.Ordinal));

        var error = Assert.Throws<InvalidOperationException>(() => ConfigLoader.Load(file, RepoPaths.Root));
        File.Delete(file);

        Assert.Contains("auth.authority", error.Message, StringComparison.Ordinal);
    }
}
