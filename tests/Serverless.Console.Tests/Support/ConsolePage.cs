using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Serverless.Console.Tests.Support;

/// <summary>The steps every console test takes, in the words a reviewer would use.</summary>
public static class ConsolePage
{
    public static async Task SignInAsync(this IPage page, string token)
    {
        await page.GetByLabel("Access token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    public static Task<string[]> QueueIdsAsync(this IPage page) =>
        page.Locator(".queue-item").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.draftId)");

    public static ILocator Row(this IPage page, Guid draft) => page.Locator($".queue-item[data-draft-id='{draft}']");

    /// <summary>Opens a draft in review from the queue and waits until the console holds its lease.</summary>
    public static async Task OpenAsync(this IPage page, Guid draft)
    {
        await page.Row(draft).ClickAsync();
        await Expect(page.Locator("#item-lease")).ToContainTextAsync("You hold this draft");
    }

    public static ILocator DialogNamed(this IPage page, string name) => page.GetByRole(AriaRole.Dialog, new() { Name = name });

    public static Task ScreenshotAsync(this IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleFixture.Screenshots, name), FullPage = true });
}
