using System.ComponentModel;
using System.Reflection;
using System.Text.RegularExpressions;
using Spectre.Console.Cli;

namespace OrleansGov.Client.CommandLine;

/// <summary>
/// Turns Spectre's parse and conversion errors into one line that names the option and what it
/// accepts, for every verb: the option is found in the command line, what it accepts in its
/// <c>[Description]</c>, so no verb checks value formats by hand.
/// </summary>
internal static partial class CliErrors
{
    /// <summary>The message for a failed command line, or null when <paramref name="exception"/> is not about the command line.</summary>
    public static string? Describe(Exception exception, IReadOnlyList<string> args, IReadOnlyDictionary<string, Type> settingsByVerb)
    {
        switch (exception)
        {
            case CliUsageException usage:
                return usage.Message;
            case CommandParseException parse when NoValue().Match(parse.Message) is { Success: true } m:
                return $"option {Dashed(m.Groups[1].Value)} needs a value";
            case CommandRuntimeException runtime when ConversionFailed().Match(runtime.Message) is { Success: true } m:
                return DescribeBadValue(m.Groups[1].Value, args, settingsByVerb);
            case CommandAppException app:
                return app.Message;
            default:
                return null;
        }
    }

    private static string DescribeBadValue(string value, IReadOnlyList<string> args, IReadOnlyDictionary<string, Type> settingsByVerb)
    {
        string? option = OptionGiven(value, args);
        if (option is null)
        {
            return $"'{value}' is not a valid value";
        }
        var property = args.Count > 0 && settingsByVerb.TryGetValue(args[0], out var settings) ? FindOption(settings, option) : null;
        string? accepts = property?.GetCustomAttribute<DescriptionAttribute>()?.Description;
        string kind = (Nullable.GetUnderlyingType(property?.PropertyType ?? typeof(string)) ?? property?.PropertyType) switch
        {
            { } t when t == typeof(ulong) => $"a whole number from 0 to {ulong.MaxValue}",
            { } t when t == typeof(long) => $"a whole number from {long.MinValue} to {long.MaxValue}",
            { } t when t == typeof(int) => $"a whole number from {int.MinValue} to {int.MaxValue}",
            { } t when t == typeof(double) => "a number",
            _ => "a valid value",
        };
        return $"option {option}: '{value}' is not {kind}" + (accepts is null ? "" : $" ({option}: {accepts})");
    }

    /// <summary>The option whose value on the command line was <paramref name="value"/> (<c>--x value</c> or <c>--x=value</c>).</summary>
    private static string? OptionGiven(string value, IReadOnlyList<string> args)
    {
        for (int i = 1; i < args.Count; i++)
        {
            if (args[i] == value && args[i - 1].StartsWith('-'))
            {
                return args[i - 1];
            }
            int eq = args[i].IndexOf('=');
            if (args[i].StartsWith('-') && eq > 0 && args[i][(eq + 1)..] == value)
            {
                return args[i][..eq];
            }
        }
        return null;
    }

    private static PropertyInfo? FindOption(Type settings, string option)
    {
        string name = option.TrimStart('-');
        return settings.GetProperties().FirstOrDefault(p => p.GetCustomAttribute<CommandOptionAttribute>() is { } o
            && (o.LongNames.Contains(name) || o.ShortNames.Contains(name)));
    }

    private static string Dashed(string name) => name.Length == 1 ? "-" + name : "--" + name;

    [GeneratedRegex("^Option '(.+)' is defined but no value has been provided", RegexOptions.CultureInvariant)]
    private static partial Regex NoValue();

    [GeneratedRegex("^Failed to convert '(.*)' to ", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex ConversionFailed();
}
