using System.Diagnostics;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace OrleansGov.Tests.Dashboard;

/// <summary>
/// The page in headless Chromium against the real dashboard: start a small run from the page, see the
/// chart grow, pause and see the tick stop, resume, open the drill-down; any console error fails the
/// test. Saves a screenshot (path printed).
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardBrowserTests(DashboardFixture dashboard, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    public static string ScreenshotDir => Path.Combine(AppContext.BaseDirectory, "screenshots");

    [BrowserFact]
    public async Task Start_watch_pause_resume_and_drill_down_from_the_page()
    {
        var clock = Stopwatch.StartNew();
        await using var context = await browser.Require().NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add("console error: " + message.Text);
            }
        };
        page.PageError += (_, error) => problems.Add("page error: " + error);
        page.SetDefaultTimeout(60_000); // generous: CI machines have 2 cores shared with the other test collections

        await page.GotoAsync($"{dashboard.Server.Url}/#token={DashboardFixture.Token}");
        await page.Locator("#start-preset option[value=small]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.SelectOptionAsync("#start-preset", "small");
        await page.FillAsync("#start-ticks", "100000");
        // Start, and keep the API's answer: if starting fails, the test says why instead of timing out.
        var response = await page.RunAndWaitForResponseAsync(
            () => page.ClickAsync("#start-button"),
            r => r.Url.EndsWith("/api/runs", StringComparison.Ordinal) && r.Request.Method == "POST");
        Assert.True(response.Ok, $"POST /api/runs answered {response.Status}: {await response.TextAsync()}");

        // The run view: charts grow from the SSE stream.
        await page.WaitForURLAsync("**/#/run/*");
        string runId = Uri.UnescapeDataString(page.Url[(page.Url.IndexOf("#/run/", StringComparison.Ordinal) + 6)..]);
        await page.WaitForFunctionAsync("() => Number(document.querySelector('.chart').dataset.points) >= 3");
        int before = await Points(page);
        await page.WaitForFunctionAsync($"() => Number(document.querySelector('.chart').dataset.points) > {before}");
        Assert.True(await page.Locator(".chart canvas").CountAsync() >= 9);

        // Pause: the status says so and the tick stops.
        await page.ClickAsync("#btn-pause");
        await page.WaitForFunctionAsync("() => document.querySelector('#run-status').textContent === 'paused'");
        // A tick's event may still be on its way when the status turns paused: let it land first.
        await page.WaitForTimeoutAsync(1000);
        string heldTick = await page.InnerTextAsync("#run-tick");
        int heldPoints = await Points(page);
        await page.WaitForTimeoutAsync(1500);
        Assert.Equal(heldTick, await page.InnerTextAsync("#run-tick"));
        Assert.Equal(heldPoints, await Points(page));

        // Drill-down while paused: nation → a province → its departments' states.
        await page.Locator("#drill-children button").First.WaitForAsync();
        await page.Locator("#drill-children button").First.ClickAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('#drill-title')?.dataset.id === 'p0.gov.0'");
        await page.Locator("#drill-units tbody tr").First.WaitForAsync();
        Assert.True(await page.Locator("#drill-units tbody tr").CountAsync() >= 4);
        Assert.Equal("nation › north", (await page.InnerTextAsync("#drill-crumbs")).Trim()); // names, not ids

        // Resume: ticks move again.
        await page.ClickAsync("#btn-resume");
        await page.WaitForFunctionAsync($"() => Number(document.querySelector('#run-tick').textContent) > {heldTick}");
        await page.WaitForFunctionAsync($"() => Number(document.querySelector('.chart').dataset.points) > {heldPoints}");

        Directory.CreateDirectory(ScreenshotDir);
        string shot = Path.Combine(ScreenshotDir, "dashboard-run.png");
        await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
        output.WriteLine($"screenshot: {shot}; browser test took {clock.Elapsed.TotalSeconds:0.0} s");

        await dashboard.PostAsync($"/api/runs/{Uri.EscapeDataString(runId)}/cancel");
        await page.ClickAsync("#nav-runs"); // leave the run view (closes its event source) before the context closes
        await page.Locator("#runs-table tbody tr").First.WaitForAsync();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static async Task<int> Points(IPage page) => int.Parse(await page.Locator(".chart").First.GetAttributeAsync("data-points") ?? "0");
}
