namespace OrleansGov.Client.Commands;

/// <summary>
/// Checks an output folder option before anything starts (issue 14 item 7): it must be a folder, or
/// creatable under the nearest folder that exists, and writable. A problem is bad input, found in
/// milliseconds instead of after a silo has started.
/// </summary>
internal static class OutputPath
{
    /// <summary>The problem with <paramref name="path"/> as the folder of <paramref name="option"/>, or null when it can be written.</summary>
    public static string? Problem(string option, string path)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"{option} {path}: not a usable path ({e.Message})";
        }
        if (File.Exists(full))
        {
            return $"{option} {path} is a file, not a folder";
        }
        // The nearest part of the path that exists must be a folder we can write in.
        string? existing = full;
        while (existing is not null && !Directory.Exists(existing))
        {
            if (File.Exists(existing))
            {
                return $"{option} {path}: {existing} is a file, so no folder can be made under it";
            }
            existing = Path.GetDirectoryName(existing);
        }
        if (existing is null)
        {
            return $"{option} {path}: no part of the path exists";
        }
        try
        {
            // Root ignores permission bits, so ask the file system itself: a probe file that deletes itself.
            using var probe = new FileStream(Path.Combine(existing, $".orleansgov-probe-{Environment.ProcessId}-{Guid.NewGuid():N}"),
                FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{option} {path}: cannot write in {existing} ({e.Message})";
        }
        return null;
    }
}
