using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Serverless.Console.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Serverless.Console.Tests;

/// <summary>A real queue: rows that say what they are about, search, sort and filters, self-refresh, paging and URLs.</summary>
public sealed partial class QueueTests(ConsoleFixture console) : IClassFixture<ConsoleFixture>
{
    [GeneratedRegex(@"^(just now|\d+ (min|h|d) ago)$")]
    private static partial Regex Age();

    [Fact]
    public async Task Rows_NameTheItemsTitleTypeLocaleAndAge_AndTheHeaderTheTenant()
    {
        var tenant = await console.Db.Seeder.Tenants.CreateAsync($"t-{Guid.NewGuid():N}"[..20], "Harbour Café", "standard", CancellationToken.None);
        var brunch = await console.Drafts.ContentAsync(tenant.Id, "Sunday brunch", "Eggs, pastries, the harbour view.", type: "event", locale: "fr");
        var hours = await console.Drafts.ContentAsync(tenant.Id, "Autumn opening hours", "New hours from October.");
        var one = await console.Drafts.DraftAsync(tenant.Id, brunch.Id, 0.42m, "Le brunch du dimanche");
        var two = await console.Drafts.DraftAsync(tenant.Id, brunch.Id, 0.61m, "Brunch au port");
        await console.Drafts.DraftAsync(tenant.Id, hours.Id, 0.93m, "Our autumn hours");
        var page = await console.OpenConsoleAsync();

        await page.SignInAsync(PeopleTokens.Mint(tenant.Id, "reviewer", "alice"));

        await Expect(page.Locator("#who")).ToHaveTextAsync("alice · reviewer · Harbour Café");
        await Expect(page.Locator(".queue-item")).ToHaveCountAsync(3);
        foreach (var draft in new[] { one, two })
        {
            // Two drafts of one item are visibly about the same thing.
            var row = page.Row(draft);
            await Expect(row.Locator(".queue-title")).ToHaveTextAsync("Sunday brunch");
            await Expect(row.Locator(".queue-meta")).ToContainTextAsync("event · fr");
            await Expect(row.Locator("time")).ToHaveTextAsync(Age());
        }
        await Expect(page.Row(one).Locator(".queue-draft")).ToHaveTextAsync("Draft: Le brunch du dimanche");
        await page.ScreenshotAsync("queue.png");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SearchSortAndFilters_NarrowTheQueue_AndLiveInTheUrl()
    {
        var tenant = (await console.Db.Seeder.TenantWithKeyAsync()).Tenant.Id;
        var hours = await console.Drafts.DraftAsync(tenant, (await console.Drafts.ContentAsync(tenant, "Opening hours", type: "page")).Id, 0.5m);
        var brunch = await console.Drafts.DraftAsync(tenant, (await console.Drafts.ContentAsync(tenant, "Sunday brunch", type: "event", locale: "fr")).Id, 0.3m);
        var parking = await console.Drafts.DraftAsync(tenant, (await console.Drafts.ContentAsync(tenant, "Parking", type: "faq")).Id, 0.7m);
        var page = await console.OpenConsoleAsync();
        await page.SignInAsync(PeopleTokens.Mint(tenant, "reviewer", "alice"));
        await Expect(page.Locator(".queue-item")).ToHaveCountAsync(3);

        await page.GetByLabel("Search titles").FillAsync("brunch");
        await Expect(page.Locator(".queue-item")).ToHaveCountAsync(1);
        Assert.Equal([brunch.ToString()], await page.QueueIdsAsync());
        await page.GetByLabel("Search titles").FillAsync("");
        await page.GetByLabel("Locale").FillAsync("en");
        await Expect(page.Locator(".queue-item")).ToHaveCountAsync(2);
        await page.GetByLabel("Type").FillAsync("faq");
        await Expect(page.Locator(".queue-item")).ToHaveCountAsync(1);
        Assert.Equal([parking.ToString()], await page.QueueIdsAsync());
        await page.GetByLabel("Type").FillAsync("");
        await page.GetByLabel("Locale").FillAsync("");
        await Expect(page.Locator(".queue-item")).ToHaveCountAsync(3);

        await page.GetByLabel("Sort by").SelectOptionAsync("type");
        await Expect(page.Locator("#queue-order")).ToHaveTextAsync("By type, then lowest confidence first.");
        Assert.Equal([brunch.ToString(), parking.ToString(), hours.ToString()], await page.QueueIdsAsync());
        await page.GetByLabel("Sort by").SelectOptionAsync("newest");
        await Expect(page.Locator("#queue-order")).ToHaveTextAsync("Newest first.");
        Assert.Equal([parking.ToString(), brunch.ToString(), hours.ToString()], await page.QueueIdsAsync());
        Assert.Contains("sort=newest", page.Url, StringComparison.Ordinal);

        // The URL carries the view: opening it afresh (and signing in there) shows the same order.
        var again = await page.Context.NewPageAsync();
        await again.GotoAsync(page.Url);
        await again.SignInAsync(PeopleTokens.Mint(tenant, "reviewer", "alice"));
        await Expect(again.Locator("#queue-order")).ToHaveTextAsync("Newest first.");
        await Expect(again.GetByLabel("Sort by")).ToHaveValueAsync("newest");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task NewDrafts_Appear_WithoutTouchingAFilter_AndAnUnchangedQueueCostsA304()
    {
        var tenant = (await console.Db.Seeder.TenantWithKeyAsync()).Tenant.Id;
        var content = await console.Drafts.ContentAsync(tenant);
        await console.Drafts.DraftAsync(tenant, content.Id, 0.4m);
        var page = await console.OpenConsoleAsync();
        await page.SignInAsync(PeopleTokens.Mint(tenant, "reviewer", "alice"));
        await Expect(page.Locator(".queue-item")).ToHaveCountAsync(1);

        await page.WaitForResponseAsync(r => r.Url.Contains("/v1/review/items?", StringComparison.Ordinal) && r.Status == 304, new() { Timeout = 30_000 });
        var later = await console.Drafts.DraftAsync(tenant, content.Id, 0.2m);

        await Expect(page.Row(later)).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.Equal(later.ToString(), (await page.QueueIdsAsync())[0]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task MoreThanAHundredDrafts_ArePaged_WithLoadMore()
    {
        var tenant = (await console.Db.Seeder.TenantWithKeyAsync()).Tenant.Id;
        var content = await console.Drafts.ContentAsync(tenant);
        var drafts = new List<Guid>();
        for (var i = 0; i < 103; i++)
        {
            drafts.Add(await console.Drafts.DraftAsync(tenant, content.Id, 0.5m));
        }
        var page = await console.OpenConsoleAsync();
        await page.SignInAsync(PeopleTokens.Mint(tenant, "reviewer", "alice"));
        await Expect(page.Locator(".queue-item")).ToHaveCountAsync(100);
        await Expect(page.Locator("#queue-state")).ToHaveTextAsync("100+ drafts");

        await page.GetByRole(AriaRole.Button, new() { Name = "Load more drafts" }).ClickAsync();

        await Expect(page.Locator(".queue-item")).ToHaveCountAsync(103);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Load more drafts" })).ToBeHiddenAsync();
        Assert.Equal(drafts.Select(d => d.ToString()), await page.QueueIdsAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task EveryDraft_HasItsOwnUrl_AndBackReturnsToTheLastOne()
    {
        var tenant = (await console.Db.Seeder.TenantWithKeyAsync()).Tenant.Id;
        var content = await console.Drafts.ContentAsync(tenant);
        var first = await console.Drafts.DraftAsync(tenant, content.Id, 0.3m, "First draft");
        var second = await console.Drafts.DraftAsync(tenant, content.Id, 0.6m, "Second draft");
        var token = PeopleTokens.Mint(tenant, "reviewer", "alice");
        var page = await console.OpenConsoleAsync();
        await page.SignInAsync(token);
        await page.OpenAsync(first);
        Assert.Contains($"item={first}", page.Url, StringComparison.Ordinal);
        await page.OpenAsync(second);
        await Expect(page.Locator("#item-title")).ToHaveTextAsync("Second draft");

        await page.GoBackAsync();

        await Expect(page.Locator("#item-title")).ToHaveTextAsync("First draft");
        await Expect(page.Row(first)).ToHaveAttributeAsync("aria-current", "true");
        await page.GoForwardAsync();
        await Expect(page.Locator("#item-title")).ToHaveTextAsync("Second draft");

        // A link shared with someone who is not signed in yet opens the draft once they are.
        var other = await console.OpenConsoleAsync($"#item={first}");
        await other.SignInAsync(PeopleTokens.Mint(tenant, "reviewer", "bob"));
        await Expect(other.Locator("#item-title")).ToHaveTextAsync("First draft");
        await page.Context.CloseAsync();
        await other.Context.CloseAsync();
    }

    [Fact]
    public async Task AWarning_ShowsBeforeTheSignInEnds()
    {
        var tenant = (await console.Db.Seeder.TenantWithKeyAsync()).Tenant.Id;
        var page = await console.OpenConsoleAsync();

        await page.SignInAsync(PeopleTokens.Mint(tenant, "reviewer", "alice", TimeSpan.FromMinutes(3)));

        await Expect(page.Locator("#expiry")).ToContainTextAsync("Your sign-in ends at");
        await Expect(page.Locator("#expiry")).ToContainTextAsync("min)");
        await page.Context.CloseAsync();
    }
}
