using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Serverless.Console.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Serverless.Console.Tests;

/// <summary>Changes read as phrases, inline or side by side; a regenerated draft is compared with the one it replaces.</summary>
public sealed class CompareAndDiffTests(ConsoleFixture console) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task ARewrittenPhrase_IsOneDeletionAndOneInsertion_InlineOrSideBySide()
    {
        var tenant = (await console.Db.Seeder.TenantWithKeyAsync()).Tenant.Id;
        var content = await console.Drafts.ContentAsync(tenant);
        var draft = await console.Drafts.DraftAsync(tenant, content.Id, 0.5m, "Harbour walk", "The quick brown fox jumps over the harbour wall at dawn.");
        var page = await console.OpenConsoleAsync();
        await page.SignInAsync(PeopleTokens.Mint(tenant, "reviewer", "alice"));
        await page.OpenAsync(draft);

        await page.Keyboard.PressAsync("e");
        await page.GetByLabel("Body").FillAsync("A slow red cat jumps over the harbour wall at dawn.");

        // Inline shows no empty side-by-side columns under the diff (their Before/After headings once did).
        await Expect(page.Locator("#diff-sides")).ToBeHiddenAsync();
        // Word by word this would alternate (The/A, quick/slow, brown/red, fox/cat); grouped, it is one change.
        await Expect(page.Locator("#diff del")).ToHaveCountAsync(1);
        await Expect(page.Locator("#diff del")).ToHaveTextAsync("The quick brown fox");
        await Expect(page.Locator("#diff ins")).ToHaveTextAsync("A slow red cat");

        await page.GetByRole(AriaRole.Button, new() { Name = "Side by side" }).ClickAsync();

        await Expect(page.Locator("#diff")).ToBeHiddenAsync();
        await Expect(page.Locator("#diff-before del")).ToHaveTextAsync("The quick brown fox");
        await Expect(page.Locator("#diff-before ins")).ToHaveCountAsync(0);
        await Expect(page.Locator("#diff-after ins")).ToHaveTextAsync("A slow red cat");
        await Expect(page.Locator("#diff-after")).ToContainTextAsync("jumps over the harbour wall at dawn.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Inline" }).ClickAsync();
        await Expect(page.Locator("#diff del")).ToHaveTextAsync("The quick brown fox");
        await Expect(page.Locator("#diff-sides")).ToBeHiddenAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ADraftWithNoDecisionsYet_SaysSo_WithoutNumberingTheMessageAsAnEvent()
    {
        var tenant = (await console.Db.Seeder.TenantWithKeyAsync()).Tenant.Id;
        var content = await console.Drafts.ContentAsync(tenant);
        var draft = await console.Drafts.DraftAsync(tenant, content.Id, 0.5m, "Harbour walk", "The quick brown fox jumps over the harbour wall at dawn.");
        var page = await console.OpenConsoleAsync();
        await page.SignInAsync(PeopleTokens.Mint(tenant, "reviewer", "alice"));

        await page.OpenAsync(draft);

        await Expect(page.GetByText("No decisions yet.")).ToBeVisibleAsync();
        await Expect(page.Locator("#history li")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ARegeneratedDraft_LinksToTheOneItReplaces_AndComparesWithItSideBySide()
    {
        var tenant = (await console.Db.Seeder.TenantWithKeyAsync()).Tenant.Id;
        var content = await console.Drafts.ContentAsync(tenant, "Spring menu", "Three new dishes; launch on Friday.");
        var old = await console.Drafts.DraftAsync(tenant, content.Id, 0.35m, "Spring is here", "Our spring menu has three new dishes and it launches on Friday with music.");
        var page = await console.OpenConsoleAsync();
        await page.SignInAsync(PeopleTokens.Mint(tenant, "reviewer", "alice"));
        await page.OpenAsync(old);
        await page.Keyboard.PressAsync("g");
        await page.GetByLabel("What should the next draft do differently?").FillAsync("Name the dishes; drop the music.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Request new draft" }).ClickAsync();
        await Expect(page.Locator("#item-badges")).ToContainTextAsync("Regenerating");
        var setAside = await console.Api(tenant, "reviewer").GetFromJsonAsync<JsonElement>($"/v1/review/items/{old}");
        // The worker's part: the regeneration job produces the next draft.
        var replacement = await console.Drafts.DraftForJobAsync(
            tenant, content.Id, setAside.GetProperty("regenerationJobId").GetGuid(), 0.62m,
            "Spring is here", "Our spring menu has asparagus risotto, lamb and rhubarb tart, and it launches on Friday.");

        // It reaches the queue by itself (the console polls); the row says it replaces another draft.
        await Expect(page.Row(replacement)).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Row(replacement)).ToContainTextAsync("replaces an earlier draft");
        await page.OpenAsync(replacement);
        await Expect(page.Locator("#item-lineage")).ToContainTextAsync("this draft replaces an earlier draft");

        await page.GetByRole(AriaRole.Button, new() { Name = "Compare side by side" }).ClickAsync();

        await Expect(page.Locator("#compare-card")).ToBeVisibleAsync();
        await Expect(page.Locator("#compare-before del").Filter(new() { HasText = "three new dishes" })).ToHaveCountAsync(1);
        await Expect(page.Locator("#compare-before del").Filter(new() { HasText = "with music" })).ToHaveCountAsync(1);
        await Expect(page.Locator("#compare-after ins").Filter(new() { HasText = "asparagus risotto" })).ToHaveCountAsync(1);
        await Expect(page.Locator("#compare-after ins").Filter(new() { HasText = "with music" })).ToHaveCountAsync(0);
        await Expect(page.Locator("#compare-after")).ToContainTextAsync("it launches on Friday.");
        await page.ScreenshotAsync("compare.png");

        await page.GetByRole(AriaRole.Link, new() { Name = "an earlier draft" }).ClickAsync();
        await Expect(page.Locator("#item-badges")).ToContainTextAsync("Regenerating");
        await Expect(page.Locator("#item-lineage")).ToContainTextAsync("A newer draft replaces this one");
        await page.GoBackAsync();
        await Expect(page.Locator("#item-lineage")).ToContainTextAsync("this draft replaces an earlier draft");
        await page.Context.CloseAsync();
    }
}
