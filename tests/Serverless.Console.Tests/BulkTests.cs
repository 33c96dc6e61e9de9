using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Serverless.Console.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Serverless.Console.Tests;

/// <summary>Bulk decisions on high-confidence drafts go through the same claims as single ones: someone else's lease is respected.</summary>
public sealed class BulkTests(ConsoleFixture console) : IClassFixture<ConsoleFixture>
{
    private async Task<JsonElement> ReviewAsync(Guid tenant, Guid draft) =>
        await console.Api(tenant, "reviewer").GetFromJsonAsync<JsonElement>($"/v1/review/items/{draft}");

    [Fact]
    public async Task BulkApprove_TakesTheHighConfidenceDrafts_AndSkipsTheOneSomeoneElseHolds()
    {
        var tenant = (await console.Db.Seeder.TenantWithKeyAsync()).Tenant.Id;
        var content = await console.Drafts.ContentAsync(tenant);
        var low = await console.Drafts.DraftAsync(tenant, content.Id, 0.3m);
        var free = await console.Drafts.DraftAsync(tenant, content.Id, 0.9m);
        var held = await console.Drafts.DraftAsync(tenant, content.Id, 0.95m);
        (await console.Api(tenant, "reviewer", "bob").PostAsync($"/v1/review/items/{held}/claim", null)).EnsureSuccessStatusCode();
        var page = await console.OpenConsoleAsync();
        await page.SignInAsync(PeopleTokens.Mint(tenant, "reviewer", "alice"));
        await Expect(page.Locator(".queue-item")).ToHaveCountAsync(3);
        await Expect(page.Row(low).Locator("xpath=..").Locator(".bulk-pick")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "Select high confidence" }).ClickAsync();
        await Expect(page.Locator("#bulk-count")).ToHaveTextAsync("2 drafts selected");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve selected" }).ClickAsync();

        await Expect(page.Locator("#status")).ToContainTextAsync("Approved 1 of 2. Skipped 1:");
        await Expect(page.Locator("#status")).ToContainTextAsync("bob");
        Assert.Equal("approved", (await ReviewAsync(tenant, free)).GetProperty("status").GetString());
        Assert.Equal("in_review", (await ReviewAsync(tenant, held)).GetProperty("status").GetString());
        Assert.Equal("in_review", (await ReviewAsync(tenant, low)).GetProperty("status").GetString());
        await Expect(page.Locator(".queue-item")).ToHaveCountAsync(2);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task BulkReject_AsksForAReason_AndRecordsItOnEach()
    {
        var tenant = (await console.Db.Seeder.TenantWithKeyAsync()).Tenant.Id;
        var content = await console.Drafts.ContentAsync(tenant);
        var drafts = new[] { await console.Drafts.DraftAsync(tenant, content.Id, 0.85m), await console.Drafts.DraftAsync(tenant, content.Id, 0.88m) };
        var page = await console.OpenConsoleAsync();
        await page.SignInAsync(PeopleTokens.Mint(tenant, "reviewer", "alice"));
        foreach (var draft in drafts)
        {
            await page.GetByLabel("Select “Notes for an article” for a bulk action").Nth(Array.IndexOf(drafts, draft)).CheckAsync();
        }
        await Expect(page.Locator("#bulk-count")).ToHaveTextAsync("2 drafts selected");

        await page.GetByRole(AriaRole.Button, new() { Name = "Reject selected…" }).ClickAsync();
        await page.GetByLabel("Why reject them").SelectOptionAsync("tone");
        await page.GetByLabel("Note for the record").FillAsync("Too salesy for us.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reject selected drafts" }).ClickAsync();

        await Expect(page.Locator("#status")).ToHaveTextAsync("Rejected 2 of 2.");
        foreach (var draft in drafts)
        {
            var review = await ReviewAsync(tenant, draft);
            Assert.Equal("rejected", review.GetProperty("status").GetString());
            Assert.Equal("tone", review.GetProperty("reasonCategory").GetString());
            Assert.Equal("Too salesy for us.", review.GetProperty("comment").GetString());
        }
        await Expect(page.Locator("#queue-state")).ToHaveTextAsync("The queue is empty: nothing waits for review.");
        await page.Context.CloseAsync();
    }
}
