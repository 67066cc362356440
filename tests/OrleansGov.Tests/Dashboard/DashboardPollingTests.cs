using Microsoft.Playwright;

namespace OrleansGov.Tests.Dashboard;

/// <summary>
/// The run view polls its run's status every second. A slow answer must not be drawn over a newer one:
/// with overlapping polls (setInterval), an answer held up on a loaded machine landed after later ones and
/// put an older tick and status back on the page — the browser test saw a paused run's tick "move"
/// (7,443 → 8,415) because the page showed a stale "running" answer after the paused one. Here one poll's
/// answer is held back while the run advances; the ticks the page shows must never go down.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardPollingTests(DashboardFixture dashboard, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public async Task A_slow_status_answer_is_never_drawn_over_a_newer_one()
    {
        string runId = await dashboard.StartAsync("small", 100_000);
        await using var cancel = dashboard.CancelOnExit(runId);
        string statusPath = $"/api/runs/{Uri.EscapeDataString(runId)}";
        await using var opened = await BrowserPage.OpenAsync(browser);
        var page = opened.Page;

        // Answers to GET /api/runs/{id}: the first (the view's own) and the first poll pass; the second poll's
        // answer is fetched at once (so it carries the state of that moment) and handed to the page only
        // after the run has moved on and later polls, if any were sent meanwhile, have been answered.
        int requests = 0;
        var heldAnswerGiven = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync(url => new Uri(url).AbsolutePath == statusPath, async route =>
        {
            if (Interlocked.Increment(ref requests) != 3)
            {
                await route.ContinueAsync();
                return;
            }
            var answer = await route.FetchAsync();
            await Task.Delay(3500);
            await route.FulfillAsync(new() { Response = answer });
            heldAnswerGiven.SetResult();
        });

        await page.GotoAsync($"{dashboard.Server.Url}/#token={DashboardFixture.Token}");
        // The runs list fully drawn (its presets answered) before leaving it, so no late answer of it lands on the run view.
        await page.Locator("#start-preset option").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.GotoAsync($"{dashboard.Server.Url}/#/run/{Uri.EscapeDataString(runId)}");
        await page.Locator("#run-tick").WaitForAsync();
        // Every value the page shows in #run-tick, in order (recorded on each change of the view).
        await page.EvaluateAsync(@"() => {
            window.__ticks = [];
            const record = () => {
              const e = document.querySelector('#run-tick');
              if (!e) return;
              const v = Number(e.textContent);
              if (window.__ticks[window.__ticks.length - 1] !== v) window.__ticks.push(v);
            };
            record();
            new MutationObserver(record).observe(document.querySelector('#view'), { childList: true, characterData: true, subtree: true });
        }");
        await heldAnswerGiven.Task.WaitAsync(TimeSpan.FromSeconds(120));
        // Two more answers after the held one: whatever was in flight has landed and been drawn.
        for (int i = 0; i < 2; i++)
        {
            await page.WaitForResponseAsync(r => new Uri(r.Url).AbsolutePath == statusPath);
        }
        await page.EvaluateAsync("() => new Promise(done => setTimeout(done, 300))");

        int[] shown = await page.EvaluateAsync<int[]>("() => window.__ticks");
        for (int i = 1; i < shown.Length; i++)
        {
            Assert.True(shown[i] >= shown[i - 1], $"the page showed tick {shown[i - 1]}, then {shown[i]}: {string.Join(", ", shown)}");
        }
        Assert.True(shown[^1] > shown[0], $"the run moved on while an answer was held: {string.Join(", ", shown)}");

        await page.GotoAsync($"{dashboard.Server.Url}/#/runs"); // close the run view's event source before the context closes
        await page.Locator("#runs-table").WaitForAsync();
        opened.AssertNoProblems();
    }
}
