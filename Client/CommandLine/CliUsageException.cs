namespace OrleansGov.Client.CommandLine;

/// <summary>A bad command line found by OrleansGov itself (not by Spectre's parser): exit code 2, this message.</summary>
public sealed class CliUsageException(string message) : Exception(message);
