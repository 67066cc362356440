using Spectre.Console.Cli;

namespace OrleansGov.Client.CommandLine;

/// <summary>
/// Refuses whatever Spectre's parser could not map to a verb's options, for every verb. The CLI parses
/// in Spectre's relaxed mode (see <see cref="CliApp"/>), where an unknown option is handed over as a
/// "remaining" argument instead of failing; this interceptor turns it back into an error, so the
/// command line is as strict as before.
/// </summary>
internal sealed class NoLeftoverArguments : ICommandInterceptor
{
    public void Intercept(CommandContext context, CommandSettings settings)
    {
        var unknown = context.Remaining.Parsed.Select(group => group.Key).FirstOrDefault();
        if (unknown is not null)
        {
            throw new CliUsageException($"unknown option '{unknown}' (see `orleansgov {context.Name} --help`)");
        }
        if (context.Remaining.Raw.Count > 0)
        {
            throw new CliUsageException($"unexpected arguments after '--': {string.Join(' ', context.Remaining.Raw)}");
        }
    }
}
