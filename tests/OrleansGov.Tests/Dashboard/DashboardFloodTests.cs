using Microsoft.Playwright;

namespace OrleansGov.Tests.Dashboard;

/// <summary>
/// A fast run floods the run view: a <c>small</c> run streams ~1,000 ticks a second. The page used to sort
/// its ticks and recompute every chart from tick 0 on each redraw, so its work grew with the square of the
/// ticks: on a loaded machine it had drawn 8,700 of a run's 69,000 ticks and stopped answering clicks. Now
/// it computes new ticks only and draws at most once per frame, less often when drawing is slow; here it
/// must answer a click mid-flood (pause, whose status only shows if the page's poll gets its turn) and, cancelled
/// mid-flood, end showing the run's final tick. A guard, not a reproduction: with the old page this test passed too here
/// (load ~40, where the run itself streamed slowly); the flood needs a run much faster than its page.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardFloodTests(DashboardFixture dashboard, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public async Task A_fast_run_leaves_the_page_answering_clicks_and_it_ends_showing_the_final_tick()
    {
        // A run that cannot end while the test watches it: with 20,000 ticks (~20 s) CI saw it complete
        // before the page had drawn 1,000 of them, and an ended run's Pause is disabled for good. It ends
        // when the test cancels it, and its final tick is then the one it was cancelled at.
        const int ticks = 10_000_000;
        string runId = await dashboard.StartAsync("small", ticks);
        await using var cancel = dashboard.CancelOnExit(runId);
        await using var opened = await BrowserPage.OpenAsync(browser);
        var page = opened.Page;
        await page.GotoAsync($"{dashboard.Server.Url}/#token={DashboardFixture.Token}");
        await page.Locator("#runs-table").WaitForAsync();
        await page.GotoAsync($"{dashboard.Server.Url}/#/run/{Uri.EscapeDataString(runId)}");

        await page.WaitForFunctionAsync("() => Number(document.querySelector('.chart')?.dataset.points) >= 1000");
        await page.ClickAsync("#btn-pause");
        await page.WaitForFunctionAsync("() => document.querySelector('#run-status').textContent === 'paused'");
        int pausedAt = await Points(page);
        await page.ClickAsync("#btn-resume");
        // The flood goes on after the resume: another 1,000 ticks drawn, then the run is cancelled mid-flood.
        await page.WaitForFunctionAsync($"() => Number(document.querySelector('.chart')?.dataset.points) >= {pausedAt + 1000}", null, new() { Timeout = 300_000 });
        await page.ClickAsync("#btn-cancel");
        await page.WaitForFunctionAsync("() => document.querySelector('#run-status').textContent === 'cancelled'", null, new() { Timeout = 120_000 });

        // Every tick the run did is on the charts, and the map follows the last one.
        int final = int.Parse(await page.InnerTextAsync("#run-tick"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(final >= pausedAt + 1000 && final < ticks, $"the run was cancelled at tick {final}");
        await page.WaitForFunctionAsync($"() => [...document.querySelectorAll('.chart')].every(c => c.dataset.points === '{final}')", null, new() { Timeout = 120_000 });
        await page.WaitForFunctionAsync($"() => document.querySelector('#map-tick-label').textContent === '{final - 1}'");

        await page.ClickAsync("#nav-runs"); // leave the run view (closes its event source) before the context closes
        await page.Locator("#runs-table tbody tr").First.WaitForAsync();
        opened.AssertNoProblems();
    }

    private static async Task<int> Points(IPage page) =>
        int.Parse(await page.EvaluateAsync<string>("() => document.querySelector('.chart').dataset.points"), System.Globalization.CultureInfo.InvariantCulture);
}
