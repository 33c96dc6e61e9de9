using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Serverless.Console.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Serverless.Console.Tests;

/// <summary>
/// Nothing the reviewer typed is thrown away: while editing, actions that would discard the edit are
/// disabled, and leaving the draft (another row, Back, signing out) with unsaved edits asks first.
/// </summary>
public sealed class EditSafetyTests(ConsoleFixture console) : IClassFixture<ConsoleFixture>
{
    private const string Typed = "From October we open at eight on weekdays. Sunday brunch runs from eleven.";

    private async Task<JsonElement> ReviewAsync(Guid tenant, Guid draft) =>
        await console.Api(tenant, "reviewer").GetFromJsonAsync<JsonElement>($"/v1/review/items/{draft}");

    [Fact]
    public async Task WhileEditing_ApproveAndTheOtherDecisions_AreDisabled_AndTheirKeysKeepTheEdit()
    {
        var tenant = (await console.Db.Seeder.TenantWithKeyAsync()).Tenant.Id;
        var content = await console.Drafts.ContentAsync(tenant, "Autumn opening hours");
        var draft = await console.Drafts.DraftAsync(tenant, content.Id, 0.58m, "Our autumn opening hours", "From October we open at nine on weekdays.");
        var page = await console.OpenConsoleAsync();
        await page.SignInAsync(PeopleTokens.Mint(tenant, "reviewer", "alice"));
        await page.OpenAsync(draft);

        await page.Keyboard.PressAsync("e");
        await page.GetByLabel("Body").FillAsync(Typed);

        await Expect(page.Locator("#act-approve")).ToBeDisabledAsync();
        await Expect(page.Locator("#act-reject")).ToBeDisabledAsync();
        await Expect(page.Locator("#act-regenerate")).ToBeDisabledAsync();
        await Expect(page.Locator("#act-release")).ToBeDisabledAsync();
        // The shortcuts, pressed outside the fields, explain instead of acting.
        await page.Locator("#item-title").ClickAsync();
        await page.Keyboard.PressAsync("a");
        await Expect(page.Locator("#status")).ToContainTextAsync("Finish your edit first");
        await page.Keyboard.PressAsync("r");
        await Expect(page.Locator("#reject-form")).ToBeHiddenAsync();
        await Expect(page.GetByLabel("Body")).ToHaveValueAsync(Typed);
        Assert.Equal("in_review", (await ReviewAsync(tenant, draft)).GetProperty("status").GetString());

        await page.GetByRole(AriaRole.Button, new() { Name = "Approve with edits" }).ClickAsync();
        await Expect(page.Locator("#item-badges")).ToContainTextAsync("Approved");
        Assert.Equal(Typed, (await ReviewAsync(tenant, draft)).GetProperty("finalBody").GetString());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task LeavingADraftWithUnsavedEdits_Asks_AndKeepingThemKeepsTheText()
    {
        var tenant = (await console.Db.Seeder.TenantWithKeyAsync()).Tenant.Id;
        var content = await console.Drafts.ContentAsync(tenant);
        var first = await console.Drafts.DraftAsync(tenant, content.Id, 0.3m, "First draft", "The first draft's body, long enough to pass.");
        var second = await console.Drafts.DraftAsync(tenant, content.Id, 0.6m, "Second draft", "The second draft's body, long enough to pass.");
        var page = await console.OpenConsoleAsync();
        await page.SignInAsync(PeopleTokens.Mint(tenant, "reviewer", "alice"));
        await page.OpenAsync(first);
        await page.Keyboard.PressAsync("e");
        await page.GetByLabel("Body").FillAsync(Typed);

        await page.Row(second).ClickAsync();

        var ask = page.DialogNamed("Discard your edits?");
        await Expect(ask).ToBeVisibleAsync();
        await ask.GetByRole(AriaRole.Button, new() { Name = "Keep editing" }).ClickAsync();
        await Expect(ask).ToBeHiddenAsync();
        await Expect(page.GetByLabel("Body")).ToHaveValueAsync(Typed);
        await Expect(page.Locator("#item-title")).ToHaveTextAsync("First draft");

        // Back (to the queue without a draft) asks too, and keeping the edit keeps the draft's URL.
        await page.GoBackAsync();
        await Expect(ask).ToBeVisibleAsync();
        await ask.GetByRole(AriaRole.Button, new() { Name = "Keep editing" }).ClickAsync();
        await Expect(page.GetByLabel("Body")).ToHaveValueAsync(Typed);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"item={first}"));

        await page.Row(second).ClickAsync();
        await ask.GetByRole(AriaRole.Button, new() { Name = "Discard edits" }).ClickAsync();
        await Expect(page.Locator("#item-title")).ToHaveTextAsync("Second draft");
        Assert.Equal("in_review", (await ReviewAsync(tenant, first)).GetProperty("status").GetString());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheNextAction_ClearsTheLastOnesStatusAndError()
    {
        var tenant = (await console.Db.Seeder.TenantWithKeyAsync()).Tenant.Id;
        var content = await console.Drafts.ContentAsync(tenant);
        var draft = await console.Drafts.DraftAsync(tenant, content.Id, 0.4m);
        var page = await console.OpenConsoleAsync();
        await page.SignInAsync(PeopleTokens.Mint(tenant, "reviewer", "alice"));
        await page.OpenAsync(draft);
        await page.GetByRole(AriaRole.Button, new() { Name = "Release" }).ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("Released: done.");
        // The next queue load fails once, as a flaky network would.
        var failed = 0;
        await page.RouteAsync(new System.Text.RegularExpressions.Regex(@"/v1/review/items\?.*status=approved"), async route =>
        {
            if (Interlocked.Increment(ref failed) == 1)
            {
                await route.FulfillAsync(new()
                {
                    Status = 503, ContentType = "application/problem+json",
                    Body = """{"type":"urn:serverless:problem:unavailable","title":"Unavailable","status":503,"detail":"The queue is resting; try again."}""",
                });
                return;
            }
            await route.ContinueAsync();
        });

        await page.GetByLabel("Show drafts that are").SelectOptionAsync("approved");

        await Expect(page.Locator("#error")).ToContainTextAsync("The queue is resting");
        await Expect(page.Locator("#status")).ToBeEmptyAsync();

        await page.GetByLabel("Show drafts that are").SelectOptionAsync("in_review");

        await Expect(page.Locator(".queue-item")).ToHaveCountAsync(1);
        await Expect(page.Locator("#error")).ToBeHiddenAsync();
        await page.Context.CloseAsync();
    }
}
