using Microsoft.Playwright;

namespace OrleansGov.Tests.Dashboard;

/// <summary>
/// Debian's chromium driven by Playwright through ExecutablePath (no `playwright install`). Where no
/// chromium is found the browser tests are skipped on a developer's machine, and FAIL under CI=true.
/// </summary>
public static class Chromium
{
    public static readonly string? Path = new[] { Environment.GetEnvironmentVariable("ORLEANSGOV_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
        .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string Missing =>
        "chromium not found (looked at $ORLEANSGOV_CHROMIUM, /usr/bin/chromium, /usr/bin/chromium-browser): install it with `apt-get install -y chromium` (.ci/run does)";
}

/// <summary>A browser test: skipped without chromium, except under CI=true where it runs and fails with <see cref="Chromium.Missing"/>.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Chromium.Path is null && !Chromium.InCi)
        {
            Skip = Chromium.Missing;
        }
    }
}

/// <summary>One browser for the collection (2 cores: never one per test).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }

    public async Task InitializeAsync()
    {
        if (Chromium.Path is null)
        {
            return; // each test fails (CI) or is skipped
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium.Path,
            Headless = true,
            Timeout = 60_000,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public IBrowser Require() => Browser ?? throw new InvalidOperationException(Chromium.Missing);

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}
