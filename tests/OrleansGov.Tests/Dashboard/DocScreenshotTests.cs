using Microsoft.Playwright;

namespace OrleansGov.Tests.Dashboard;

/// <summary>
/// Makes the README's screenshot of the compare view with the four governance modes. Runs only when
/// ORLEANSGOV_DOC_SCREENSHOTS names the folder to write to (e.g. docs/images); skipped otherwise.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class DocScreenshotTests(DashboardFixture dashboard, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly string? Target = Environment.GetEnvironmentVariable("ORLEANSGOV_DOC_SCREENSHOTS");

    public sealed class DocFactAttribute : FactAttribute
    {
        public DocFactAttribute()
        {
            if (string.IsNullOrEmpty(Target) || Chromium.Path is null)
            {
                Skip = "set ORLEANSGOV_DOC_SCREENSHOTS=<folder> (and have chromium) to regenerate the README's screenshots";
            }
        }
    }

    [DocFact]
    public async Task Compare_view_of_the_four_governance_modes()
    {
        await using var opened = await BrowserPage.OpenAsync(browser, height: 900, timeout: 300_000);
        var page = opened.Page;
        await page.GotoAsync($"{dashboard.Server.Url}/#token={DashboardFixture.Token}");
        await page.Locator("#start-preset option").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.FillAsync("#start-seed", "42");
        await page.FillAsync("#start-ticks", "156");
        await page.ClickAsync("#start-modes");
        await page.WaitForURLAsync("**/#/compare/*");
        await page.WaitForFunctionAsync("() => (document.querySelector('#compare-ticks')?.textContent.match(/156 \\/ 156/g) || []).length === 4");
        await page.WaitForTimeoutAsync(500);
        Directory.CreateDirectory(Target!);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Target!, "dashboard-compare.png"), FullPage = true });
        await page.GotoAsync($"{dashboard.Server.Url}/#/runs");
        await page.Locator("#runs-table tbody tr").First.WaitForAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Target!, "dashboard-runs.png") });
    }

    [DocFact]
    public async Task Run_view_of_a_national_run_with_the_map()
    {
        string runId = await dashboard.StartAsync("national", 104, seed: 42);
        await dashboard.WaitForAsync(runId, DashboardFixture.Finished, seconds: 600);
        await using var opened = await BrowserPage.OpenAsync(browser, height: 900, timeout: 300_000);
        var page = opened.Page;
        await page.GotoAsync($"{dashboard.Server.Url}/#token={DashboardFixture.Token}");
        await page.Locator("#runs-table").WaitForAsync();
        await page.GotoAsync($"{dashboard.Server.Url}/#/run/{Uri.EscapeDataString(runId)}");
        await page.WaitForFunctionAsync("() => document.querySelector('.chart')?.dataset.points === '104'");
        await page.SelectOptionAsync("#highlight", ["guizhou", "chongqing", "guangxi"]);
        await page.WaitForTimeoutAsync(500);
        Directory.CreateDirectory(Target!);
        await page.Locator("#map").ScreenshotAsync(new() { Path = Path.Combine(Target!, "dashboard-map.png") });
        await page.Locator("section:has(#charts)").ScreenshotAsync(new() { Path = Path.Combine(Target!, "dashboard-run.png") });
    }
}
