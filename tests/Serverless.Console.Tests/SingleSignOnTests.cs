using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Serverless.Console.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Serverless.Console.Tests;

/// <summary>
/// Signing in the way people do: the authorization-code flow with PKCE against the configured issuer,
/// here the API's local issuer (Development), so the reviewer never handles a raw token.
/// </summary>
public sealed class SingleSignOnTests(ConsoleFixture console) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task SingleSignOn_ThroughTheLocalIssuer_LandsOnTheLinkedDraft_WithoutATokenInView()
    {
        var tenant = await console.Db.Seeder.Tenants.CreateAsync($"t-{Guid.NewGuid():N}"[..20], "Harbour Café", "standard", CancellationToken.None);
        var content = await console.Drafts.ContentAsync(tenant.Id, "Sunday brunch");
        var draft = await console.Drafts.DraftAsync(tenant.Id, content.Id, 0.5m, "Brunch by the harbour");
        var page = await console.OpenConsoleAsync($"#item={draft}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Continue with single sign-on" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to the review console" })).ToBeVisibleAsync();
        await page.GetByLabel("Tenant").FillAsync(tenant.Slug);
        await page.GetByLabel("Your email").FillAsync("erin@example.com");
        await page.GetByLabel("Role").SelectOptionAsync("editor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        await Expect(page.Locator("#who")).ToHaveTextAsync("erin@example.com · editor · Harbour Café");
        await Expect(page.Locator("#item-title")).ToHaveTextAsync("Brunch by the harbour");
        await Expect(page.Locator("#item-lease")).ToContainTextAsync("You hold this draft");
        Assert.DoesNotContain("code=", page.Url, StringComparison.Ordinal);
        Assert.Contains($"item={draft}", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheLocalIssuer_ChecksThePkceVerifier_AndACodeWorksOnce()
    {
        var tenant = await console.Db.Seeder.TenantWithKeyAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = console.Address };
        var redirect = new Uri(console.Address, "/console/").ToString();
        var verifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        async Task<string> CodeAsync()
        {
            var login = await http.PostAsync("/local-oidc/authorize", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["response_type"] = "code", ["client_id"] = "serverless-console", ["redirect_uri"] = redirect, ["state"] = "s1",
                ["code_challenge"] = challenge, ["code_challenge_method"] = "S256",
                ["tenant"] = tenant.Tenant.Slug, ["subject"] = "rita@example.com", ["role"] = "reviewer",
            }));
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            var location = login.Headers.Location!.ToString();
            Assert.StartsWith(redirect + "?code=", location, StringComparison.Ordinal);
            Assert.EndsWith("&state=s1", location, StringComparison.Ordinal);
            return Uri.UnescapeDataString(location[(redirect.Length + "?code=".Length)..location.IndexOf("&state=", StringComparison.Ordinal)]);
        }

        Task<HttpResponseMessage> Exchange(string code, string withVerifier) =>
            http.PostAsync("/local-oidc/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirect,
                ["client_id"] = "serverless-console", ["code_verifier"] = withVerifier,
            }));

        var wrong = await Exchange(await CodeAsync(), verifier + "x");
        var code = await CodeAsync();
        var right = await Exchange(code, verifier);
        var again = await Exchange(code, verifier);

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("invalid_grant", (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        var token = (await right.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        using var reviewer = new HttpClient { BaseAddress = console.Address };
        reviewer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync("/v1/review/items")).StatusCode);
        // Without PKCE the login page refuses to issue a code at all.
        var noPkce = await http.GetAsync($"/local-oidc/authorize?response_type=code&client_id=serverless-console&redirect_uri={Uri.EscapeDataString(redirect)}&state=s");
        Assert.Equal(HttpStatusCode.BadRequest, noPkce.StatusCode);
    }
}
