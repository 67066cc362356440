using OrleansGov.Engine;
using OrleansGov.Metrics;
using Spectre.Console;

namespace OrleansGov.Client;

/// <summary>What one invocation of the CLI talks to: its output, its error output, and test hooks.</summary>
public sealed class CliContext
{
    /// <summary>Normal output: tables and the progress display.</summary>
    public required IAnsiConsole Out { get; init; }

    /// <summary>Error messages and log lines (stderr), written as plain lines, never wrapped.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>Called synchronously after every tick is recorded (tests use it to cancel mid-run).</summary>
    public Action<TickMetrics>? AfterTick { get; init; }

    /// <summary>Replaces the engine a run uses (tests inject failing or slow engines); null keeps it.</summary>
    public Func<ISimulationEngine, ISimulationEngine>? WrapEngine { get; init; }

    /// <summary>Writes one plain line to the normal output, unwrapped (paths and values stay on one line for scripts).</summary>
    public void Line(string text)
    {
        var writer = Out.Profile.Out.Writer;
        writer.WriteLine(text);
        writer.Flush();
    }

    /// <summary>The process's own consoles: stdout and stderr.</summary>
    public static CliContext ForProcess()
    {
        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = RedirectedWidth; // 80 columns would squeeze the validate table
        }
        return new CliContext { Out = console, Error = Console.Error };
    }

    private const int RedirectedWidth = 160;

    /// <summary>Plain, non-interactive output to the given writers (tests, embedding).</summary>
    public static CliContext ForWriters(TextWriter output, TextWriter error, Action<TickMetrics>? afterTick = null,
        Func<ISimulationEngine, ISimulationEngine>? wrapEngine = null)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = RedirectedWidth;
        return new CliContext { Out = console, Error = error, AfterTick = afterTick, WrapEngine = wrapEngine };
    }
}
