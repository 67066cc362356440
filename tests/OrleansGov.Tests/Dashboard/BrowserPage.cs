using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace OrleansGov.Tests.Dashboard;

/// <summary>
/// A page of the dashboard as every browser test opens it: a context of its own (1400 px wide), a
/// generous default timeout (CI's 2 cores are shared with the other test collections), and every
/// console error and uncaught page error collected — <see cref="AssertNoProblems"/> fails the test on any.
/// </summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly ConcurrentQueue<string> _problems = new();

    private BrowserPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _problems.Enqueue("console error: " + message.Text);
            }
        };
        page.PageError += (_, error) => _problems.Enqueue("page error: " + error);
    }

    public IPage Page { get; }

    public static async Task<BrowserPage> OpenAsync(BrowserFixture browser, int height = 1000, float timeout = 60_000)
    {
        var context = await browser.Require().NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = height } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(timeout);
        return new BrowserPage(context, page);
    }

    public void AssertNoProblems() => Assert.True(_problems.IsEmpty, string.Join("\n", _problems));

    public ValueTask DisposeAsync() => _context.DisposeAsync();
}
