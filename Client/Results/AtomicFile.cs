using System.Text;

namespace OrleansGov.Client.Results;

/// <summary>Writes a file under a temporary name and renames it into place, so readers never see half a file.</summary>
internal static class AtomicFile
{
    public static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>What a file is called while it is written; never the name of an output.</summary>
    public const string TempSuffix = ".tmp";

    public static void Write(string path, Action<Stream> write)
    {
        string temp = path + TempSuffix;
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            write(stream);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    public static void WriteBytes(string path, byte[] bytes) => Write(path, s => s.Write(bytes));
}
