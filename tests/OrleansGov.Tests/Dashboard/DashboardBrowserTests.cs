using System.Diagnostics;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace OrleansGov.Tests.Dashboard;

/// <summary>
/// The page in headless Chromium against the real dashboard: start a three-provinces run from the page, see the
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
        await using var opened = await BrowserPage.OpenAsync(browser);
        var page = opened.Page;

        await page.GotoAsync($"{dashboard.Server.Url}/#token={DashboardFixture.Token}");
        // three-provinces, not small: a small run makes ~1,000 ticks a second and the page, drawing every tick
        // of the stream, fell tens of thousands of ticks behind on a loaded machine and stopped answering clicks.
        await page.Locator("#start-preset option[value=three-provinces]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.SelectOptionAsync("#start-preset", "three-provinces");
        await page.FillAsync("#start-ticks", "100000");
        // Start, and keep the API's answer: if starting fails, the test says why instead of timing out.
        var response = await page.RunAndWaitForResponseAsync(
            () => page.ClickAsync("#start-button"),
            r => r.Url.EndsWith("/api/runs", StringComparison.Ordinal) && r.Request.Method == "POST");
        Assert.True(response.Ok, $"POST /api/runs answered {response.Status}: {await response.TextAsync()}");

        // The run view: charts grow from the SSE stream.
        await page.WaitForURLAsync("**/#/run/*");
        string runId = Uri.UnescapeDataString(page.Url[(page.Url.IndexOf("#/run/", StringComparison.Ordinal) + 6)..]);
        await using var cancelled = dashboard.CancelOnExit(runId); // a 100,000-tick run must not outlive a failed test
        await page.WaitForFunctionAsync("() => Number(document.querySelector('.chart')?.dataset.points) >= 3");
        int before = await Points(page);
        await page.WaitForFunctionAsync($"() => Number(document.querySelector('.chart')?.dataset.points) > {before}");
        Assert.True(await page.Locator(".chart canvas").CountAsync() >= 9);

        // Pause: the status says so and the tick stops.
        await page.ClickAsync("#btn-pause");
        await page.WaitForFunctionAsync("() => document.querySelector('#run-status').textContent === 'paused'");
        // The run's tick (from the status poll) holds. The charts follow the metrics stream, which can run far
        // behind a fast run (on a loaded machine the page had drawn 8,700 of the 68,900 ticks a `small` run had
        // made when it paused), so they may still be catching up, but never past the tick the run paused at.
        string heldTick = await page.InnerTextAsync("#run-tick");
        await page.WaitForTimeoutAsync(1500);
        Assert.Equal(heldTick, await page.InnerTextAsync("#run-tick"));
        int heldPoints = await Points(page);
        Assert.True(heldPoints <= int.Parse(heldTick), $"the charts show {heldPoints} ticks of a run paused after {heldTick}");

        // Drill-down while paused: nation → a province → its departments' states.
        await page.Locator("#drill-children button").First.WaitForAsync();
        await page.Locator("#drill-children button").First.ClickAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('#drill-title')?.dataset.id === 'p0.gov.0'");
        await page.Locator("#drill-units tbody tr").First.WaitForAsync();
        Assert.True(await page.Locator("#drill-units tbody tr").CountAsync() >= 4);
        Assert.Equal("nation › guizhou", (await page.InnerTextAsync("#drill-crumbs")).Trim()); // names, not ids

        // Resume: ticks move again.
        await page.ClickAsync("#btn-resume");
        await page.WaitForFunctionAsync($"() => Number(document.querySelector('#run-tick').textContent) > {heldTick}");
        await page.WaitForFunctionAsync($"() => Number(document.querySelector('.chart')?.dataset.points) > {heldPoints}");

        // The screenshot once the run has ended: while a run streams, a loaded machine's Chromium could spend
        // the whole timeout "waiting for fonts to load" before taking it.
        await dashboard.PostAsync($"/api/runs/{Uri.EscapeDataString(runId)}/cancel");
        await page.WaitForFunctionAsync("() => document.querySelector('#run-status').textContent === 'cancelled'");
        Directory.CreateDirectory(ScreenshotDir);
        string shot = Path.Combine(ScreenshotDir, "dashboard-run.png");
        await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
        output.WriteLine($"screenshot: {shot}; browser test took {clock.Elapsed.TotalSeconds:0.0} s");

        await page.ClickAsync("#nav-runs"); // leave the run view (closes its event source) before the context closes
        await page.Locator("#runs-table tbody tr").First.WaitForAsync();
        opened.AssertNoProblems();
    }

    private static async Task<int> Points(IPage page) => int.Parse(await page.Locator(".chart").First.GetAttributeAsync("data-points") ?? "0");
}
