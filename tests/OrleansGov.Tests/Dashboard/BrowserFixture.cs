using Microsoft.Playwright;

namespace OrleansGov.Tests.Dashboard;

/// <summary>
/// Debian's chromium driven by Playwright through ExecutablePath (no `playwright install`). Where no
/// chromium is found the browser tests are skipped on a developer's machine, and FAIL under CI=true.
/// </summary>
public static class Chromium
{
    /// <summary>
    /// $ORLEANSGOV_CHROMIUM, then <c>chromium</c> or <c>chromium-browser</c> on PATH — the same search as
    /// .ci/run, which installs chromium when this finds none and hands its path over in the variable.
    /// </summary>
    public static readonly string? Path = Find();

    private static string? Find()
    {
        string? fromEnv = Environment.GetEnvironmentVariable("ORLEANSGOV_CHROMIUM");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(fromEnv))
        {
            return fromEnv;
        }
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return new[] { "chromium", "chromium-browser" }
            .SelectMany(name => dirs.Select(dir => System.IO.Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
    }

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string Missing =>
        "chromium not found (looked at $ORLEANSGOV_CHROMIUM, then chromium and chromium-browser on PATH): install it with `apt-get install -y chromium` (.ci/run does)";
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
