using OrleansGov.Client.Commands;
using OrleansGov.Client.Results;

namespace OrleansGov.Client.Experiments;

/// <summary>
/// Opens the results folder of every study verb (batch, claims, sensitivity, patterns, calibrate, a
/// posterior claims run): a valid path; an existing non-empty folder only with <c>--resume</c> and only when
/// its plan file is byte-identical to this invocation's; one process at a time (a lock file).
/// </summary>
internal static class StudyFolder
{
    /// <summary>The lock on the folder, or null with <paramref name="problem"/> set (bad input: nothing written).</summary>
    public static FolderLock? Open(CliContext cli, string path, string planFile, byte[] planBytes, bool resume, string what, string command, out string? problem)
    {
        problem = OutputPath.Problem("--out", path);
        if (problem is not null)
        {
            return null;
        }
        string planPath = Path.Combine(path, planFile);
        if (Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any())
        {
            if (!resume)
            {
                problem = $"{path} already exists; add --resume to continue that {what}, or choose another --out";
                return null;
            }
            if (!File.Exists(planPath) || !File.ReadAllBytes(planPath).AsSpan().SequenceEqual(planBytes))
            {
                problem = $"{path} holds a different {what} (its {planFile} differs); --resume needs the same input files and options";
                return null;
            }
        }
        var folderLock = FolderLock.TryAcquire(path, command, out problem);
        if (folderLock is null)
        {
            return null;
        }
        if (folderLock.TakenOver is { } takenOver)
        {
            cli.Error.WriteLine("note: " + takenOver);
        }
        AtomicFile.WriteBytes(planPath, planBytes);
        return folderLock;
    }
}
