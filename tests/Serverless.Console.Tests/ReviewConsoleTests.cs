using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Serverless.Console.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Serverless.Console.Tests;

/// <summary>
/// The reviewer console in a real browser against the real API: signing in, the queue's order, editing
/// with a visible diff, rejecting, publishing, and a second tenant seeing nothing of the first.
/// </summary>
public sealed class ReviewConsoleTests(ConsoleFixture console) : IClassFixture<ConsoleFixture>
{
    private async Task<Guid> TenantAsync() => (await console.Db.Seeder.TenantWithKeyAsync()).Tenant.Id;

    private static async Task SignInAsync(IPage page, string token)
    {
        await page.GetByLabel("Access token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    private static Task<string[]> QueueIdsAsync(IPage page) =>
        page.Locator(".queue-item").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.draftId)");

    private static async Task OpenAsync(IPage page, Guid draft)
    {
        await page.Locator($".queue-item[data-draft-id='{draft}']").ClickAsync();
        await Expect(page.Locator("#item-lease")).ToContainTextAsync("You hold this draft");
    }

    private async Task<JsonElement> ReviewAsync(Guid tenant, Guid draft) =>
        await console.Api(tenant, "reviewer").GetFromJsonAsync<JsonElement>($"/v1/review/items/{draft}");

    [Fact]
    public async Task SigningIn_ShowsTheQueue_LowestConfidenceFirst()
    {
        var tenant = await TenantAsync();
        var content = await console.Drafts.ContentAsync(tenant, "Autumn opening hours", "New hours from October; mention the Sunday brunch.");
        var middle = await console.Drafts.DraftAsync(tenant, content.Id, 0.64m, "Our autumn opening hours", "From October we open at nine on weekdays and at ten at weekends.");
        var high = await console.Drafts.DraftAsync(tenant, content.Id, 0.91m, "Autumn hours at a glance", "Weekdays nine to six; weekends ten to four; Sunday brunch from eleven.");
        var low = await console.Drafts.DraftAsync(tenant, content.Id, 0.23m, "Hours", "We are open most days of the week.");
        var page = await console.OpenConsoleAsync();

        await SignInAsync(page, PeopleTokens.Mint(tenant, "reviewer", "alice"));

        await Expect(page.Locator(".queue-item")).ToHaveCountAsync(3);
        Assert.Equal([low.ToString(), middle.ToString(), high.ToString()], await QueueIdsAsync(page));
        await Expect(page.Locator(".queue-item").First).ToContainTextAsync("23%");
        await Expect(page.Locator(".queue-item").First).ToContainTextAsync("content.draft v1");
        await Expect(page.Locator("#who")).ToContainTextAsync("alice · reviewer");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleFixture.Screenshots, "queue-order.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task EditThenApprove_ShowsTheDiffAsYouType_AndLands()
    {
        var tenant = await TenantAsync();
        var content = await console.Drafts.ContentAsync(tenant, "Autumn opening hours", "New hours from October; mention the Sunday brunch.");
        var draft = await console.Drafts.DraftAsync(
            tenant, content.Id, 0.58m, "Our autumn opening hours",
            "From October we open at nine on weekdays and at ten at weekends.", instructions: "Friendly, under 80 words.");
        var page = await console.OpenConsoleAsync();
        await SignInAsync(page, PeopleTokens.Mint(tenant, "reviewer", "alice"));
        await OpenAsync(page, draft);
        await Expect(page.Locator("#source-instructions")).ToHaveTextAsync("Friendly, under 80 words.");

        await page.Keyboard.PressAsync("e");
        await page.GetByLabel("Body").FillAsync("From October we open at eight on weekdays and at ten at weekends. Sunday brunch runs from eleven.");

        await Expect(page.Locator("#diff del").First).ToHaveTextAsync("nine");
        await Expect(page.Locator("#diff ins").First).ToHaveTextAsync("eight");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleFixture.Screenshots, "item-view.png"), FullPage = true });
        await page.GetByLabel("Body").PressAsync("Control+Enter");

        await Expect(page.Locator("#item-badges")).ToContainTextAsync("Approved");
        await Expect(page.Locator("#diff-distance")).ToContainTextAsync("edit distance");
        await Expect(page.Locator("#diff del").First).ToHaveTextAsync("nine");
        var review = await ReviewAsync(tenant, draft);
        Assert.Equal("approved", review.GetProperty("status").GetString());
        Assert.EndsWith("Sunday brunch runs from eleven.", review.GetProperty("finalBody").GetString(), StringComparison.Ordinal);
        await Expect(page.Locator(".queue-item")).ToHaveCountAsync(0);
        await Expect(page.Locator("#queue-state")).ToHaveTextAsync("The queue is empty: nothing waits for review.");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Reject_WithAReasonAndComment()
    {
        var tenant = await TenantAsync();
        var content = await console.Drafts.ContentAsync(tenant);
        var draft = await console.Drafts.DraftAsync(tenant, content.Id, 0.31m, "Miracle cure", "This tea cures everything, always, for everyone who drinks it.");
        var other = await console.Drafts.DraftAsync(tenant, content.Id, 0.5m);
        var page = await console.OpenConsoleAsync();
        await SignInAsync(page, PeopleTokens.Mint(tenant, "reviewer", "alice"));
        await OpenAsync(page, draft);

        await page.Keyboard.PressAsync("r");
        await page.GetByLabel("Reason").SelectOptionAsync("inaccurate");
        await page.GetByLabel("Comment").FillAsync("Health claims we cannot make.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reject draft" }).ClickAsync();

        await Expect(page.Locator("#item-badges")).ToContainTextAsync("Rejected");
        await Expect(page.Locator("#history")).ToContainTextAsync("Health claims we cannot make.");
        Assert.Equal([other.ToString()], await QueueIdsAsync(page));
        var review = await ReviewAsync(tenant, draft);
        Assert.Equal("rejected", review.GetProperty("status").GetString());
        Assert.Equal("inaccurate", review.GetProperty("reasonCategory").GetString());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnEditor_ApprovesAndPublishes_WithTheKeyboard()
    {
        var tenant = await TenantAsync();
        var content = await console.Drafts.ContentAsync(tenant, "Launch notes", "Say when and where.");
        var draft = await console.Drafts.DraftAsync(tenant, content.Id, 0.72m, "We launch on Friday", "Join us on Friday at ten in the main hall for the launch.");
        var page = await console.OpenConsoleAsync();
        await SignInAsync(page, PeopleTokens.Mint(tenant, "editor", "erin"));
        await OpenAsync(page, draft);

        await page.Keyboard.PressAsync("a");
        await Expect(page.Locator("#item-badges")).ToContainTextAsync("Approved");
        await page.Keyboard.PressAsync("p");
        // Publishing asks first; the confirmation has the focus, so Enter confirms.
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Publish to the public site?" })).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("#item-badges")).ToContainTextAsync("Published");
        var item = await console.Api(tenant, "viewer").GetFromJsonAsync<JsonElement>($"/v1/content/{content.Id}");
        Assert.Equal("published", item.GetProperty("status").GetString());
        Assert.Equal("We launch on Friday", item.GetProperty("title").GetString());
        Assert.Equal("Join us on Friday at ten in the main hall for the launch.", item.GetProperty("body").GetString());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AShortcutPressedWhileTheQueueRefreshes_IsAppliedOnceTheRefreshLands()
    {
        var tenant = await TenantAsync();
        var content = await console.Drafts.ContentAsync(tenant, "Opening night", "Doors at seven.");
        var draft = await console.Drafts.DraftAsync(tenant, content.Id, 0.66m, "Opening night", "Doors open at seven; the show starts at eight.");
        var page = await console.OpenConsoleAsync();
        await SignInAsync(page, PeopleTokens.Mint(tenant, "editor", "erin"));
        await OpenAsync(page, draft);
        // Hold the queue refresh that follows the approval until the next key has been pressed, as a
        // slow network or a busy machine would.
        var holdRefresh = false;
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync(new System.Text.RegularExpressions.Regex(@"/v1/review/items\?"), async route =>
        {
            if (holdRefresh)
            {
                await released.Task;
            }
            await route.ContinueAsync();
        });

        holdRefresh = true;
        await page.Keyboard.PressAsync("a");
        await Expect(page.Locator("#item-badges")).ToContainTextAsync("Approved");
        await page.Keyboard.PressAsync("p");
        released.SetResult();

        // The held key is applied once the refresh lands: it opens the publish confirmation.
        var ask = page.GetByRole(AriaRole.Dialog, new() { Name = "Publish to the public site?" });
        await Expect(ask).ToBeVisibleAsync();
        await ask.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Expect(page.Locator("#item-badges")).ToContainTextAsync("Published");
        var item = await console.Api(tenant, "viewer").GetFromJsonAsync<JsonElement>($"/v1/content/{content.Id}");
        Assert.Equal("published", item.GetProperty("status").GetString());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AReviewerOfAnotherTenant_SeesNoneOfTheItems()
    {
        var tenantA = await TenantAsync();
        var tenantB = await TenantAsync();
        var content = await console.Drafts.ContentAsync(tenantA);
        var drafts = new[]
        {
            await console.Drafts.DraftAsync(tenantA, content.Id, 0.2m),
            await console.Drafts.DraftAsync(tenantA, content.Id, 0.4m),
        };
        var page = await console.OpenConsoleAsync();

        await SignInAsync(page, PeopleTokens.Mint(tenantB, "admin", "mallory"));

        await Expect(page.Locator("#queue-state")).ToHaveTextAsync("The queue is empty: nothing waits for review.");
        await Expect(page.Locator(".queue-item")).ToHaveCountAsync(0);
        foreach (var status in new[] { "approved", "rejected", "published" })
        {
            await page.GetByLabel("Show drafts that are").SelectOptionAsync(status);
            await Expect(page.Locator("#queue-state")).ToContainTextAsync("No ");
        }
        var direct = await page.EvaluateAsync<int>(
            "async id => (await fetch('/v1/review/items/' + id, { headers: { Authorization: 'Bearer ' + sessionStorage.getItem('serverless.console.token') } })).status",
            drafts[0].ToString());
        Assert.Equal(404, direct);
        Assert.Equal(2, (await console.Api(tenantA, "reviewer").GetFromJsonAsync<JsonElement>("/v1/review/items")).GetProperty("items").GetArrayLength());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SomethingThatIsNotAToken_IsRefusedWithAClearMessage()
    {
        var page = await console.OpenConsoleAsync();

        await SignInAsync(page, "not a token");

        await Expect(page.Locator("#error")).ToContainTextAsync("does not look like a token");
        await Expect(page.GetByLabel("Access token")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
