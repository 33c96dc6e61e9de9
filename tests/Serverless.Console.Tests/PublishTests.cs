using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Serverless.Console.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Serverless.Console.Tests;

/// <summary>Publishing changes what the public reads: it asks first, says where the text will appear, and the source stays visible after.</summary>
public sealed class PublishTests(ConsoleFixture console) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task Publishing_AsksFirst_NamingThePublicUrl_AndTheSourceKeepsItsNotes()
    {
        var seeded = await console.Db.Seeder.TenantWithKeyAsync();
        var tenant = seeded.Tenant.Id;
        var content = await console.Drafts.ContentAsync(tenant, "Launch notes", "Say when and where.");
        var draft = await console.Drafts.DraftAsync(tenant, content.Id, 0.72m, "We launch on Friday", "Join us on Friday at ten in the main hall for the launch.");
        var page = await console.OpenConsoleAsync();
        await page.SignInAsync(PeopleTokens.Mint(tenant, "editor", "erin"));
        await page.OpenAsync(draft);
        await page.Keyboard.PressAsync("a");
        await Expect(page.Locator("#item-badges")).ToContainTextAsync("Approved");
        var publicUrl = new Uri(console.Address, $"/public/{seeded.Tenant.Slug}/article/{content.Slug}?locale=en").ToString();

        await page.Keyboard.PressAsync("p");

        var ask = page.DialogNamed("Publish to the public site?");
        await Expect(ask).ToBeVisibleAsync();
        await Expect(ask.Locator("#confirm-url")).ToHaveTextAsync(publicUrl);
        await page.ScreenshotAsync("publish-confirm.png");
        await ask.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("Not published.");
        var item = await console.Api(tenant, "viewer").GetFromJsonAsync<JsonElement>($"/v1/content/{content.Id}");
        Assert.Equal("draft", item.GetProperty("status").GetString());

        await page.GetByRole(AriaRole.Button, new() { Name = "Publish p" }).ClickAsync();
        await ask.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();

        await Expect(page.Locator("#item-badges")).ToContainTextAsync("Published");
        await Expect(page.Locator("#status a")).ToHaveAttributeAsync("href", publicUrl);
        await Expect(page.Locator("#source-title")).ToHaveTextAsync("Launch notes");
        await Expect(page.Locator("#source-body")).ToHaveTextAsync("Say when and where.");
        item = await console.Api(tenant, "viewer").GetFromJsonAsync<JsonElement>($"/v1/content/{content.Id}");
        Assert.Equal("published", item.GetProperty("status").GetString());
        Assert.Equal("We launch on Friday", item.GetProperty("title").GetString());
        await page.Context.CloseAsync();
    }
}
