using System.Security.Cryptography;
using OrleansGov.Client;
using OrleansGov.Client.Results.Outputs;
using OrleansGov.Model;
using OrleansGov.Model.Outputs;
using OrleansGov.Tests.Cli;
using Parquet;

namespace OrleansGov.Tests.Outputs;

/// <summary><c>orleansgov run</c> with declared outputs, end to end: the files, their index, both engines, forks.</summary>
public sealed class OutputsCliTests : IDisposable
{
    /// <summary>The <c>small</c> preset (2 provinces of 2 cities and 5 counties, 4 departments) with every output declared.</summary>
    private const string Scenario = """
        name: small-outputs
        seed: 7
        ticks: 24
        departments: [public-security, health, civil-affairs, market-regulation]
        provinces:
          - { name: north, cities: 2, counties: 5, enterprises: 4 }
          - { name: south, cities: 0, counties: 3, enterprises: 2 }
        outputs:
          series: { scopes: [county, city], metrics: [cloud_adoption, coordination_messages, imbalance_gini], every: 2 }
          snapshots: { kinds: [department, enterprise, government, office, citizen-group], every: 10 }
        """;

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<string> RunAsync(string runId, params string[] options)
    {
        string file = _dir.Write("small-outputs.yaml", Scenario);
        var result = await CliHarness.RunAsync(["run", file, "--out", _dir.Path, "--run-id", runId, "--quiet", .. options]);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        return _dir.Combine(runId);
    }

    private static Dictionary<string, byte[]> ParquetFiles(string folder) =>
        Directory.EnumerateFiles(Path.Combine(folder, OutputWriter.FolderName), "*.parquet", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllBytes);

    [Fact]
    public async Task Both_engines_write_the_same_parquet_files_byte_for_byte_indexed_with_rows_and_sha256()
    {
        string reference = await RunAsync("reference", "--engine", "reference");
        string orleans = await RunAsync("orleans", "--engine", "orleans");

        var files = ParquetFiles(reference);
        var index = OutputIndex.Read(Path.Combine(reference, OutputWriter.IndexFile));
        // Series at ticks 1, 3, …, 23 (2 scopes), snapshots at 9 and 19 (5 kinds).
        Assert.Equal(12 * 2 + 2 * 5, files.Count);
        Assert.True(index.Complete, index.Problem);
        Assert.Equal(files.Keys.Order(), index.Files.Select(f => f.Path).Order());
        foreach (var entry in index.Files)
        {
            Assert.Equal(entry.Sha256, Convert.ToHexString(SHA256.HashData(files[entry.Path])).ToLowerInvariant());
        }
        Assert.Equal(files.Keys.Order(), ParquetFiles(orleans).Keys.Order());
        Assert.All(ParquetFiles(orleans), f => Assert.True(f.Value.AsSpan().SequenceEqual(files[f.Key]), f.Key + " differs between the engines"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(reference, "metrics.csv")), File.ReadAllBytes(Path.Combine(orleans, "metrics.csv")));
        Assert.Contains(OutputWriter.IndexFile, CliHarness.ReadJson(Path.Combine(reference, "manifest.json")).GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        Assert.Empty(Directory.EnumerateFiles(reference, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task The_files_have_the_documented_columns_and_one_row_per_county_city_or_agent()
    {
        string folder = await RunAsync("schema", "--engine", "reference");
        var index = OutputIndex.Read(Path.Combine(folder, OutputWriter.IndexFile));

        // north: 2 cities, 5 counties; south: 3 counties directly under the province; 2 citizen groups per county.
        var expectedRows = new Dictionary<string, int>
        {
            ["county"] = 8, ["city"] = 2, ["government"] = 2 + 2 + 8, ["office"] = 2,
            ["department"] = 4 * 12, ["enterprise"] = 6, ["citizen-group"] = 8 * 2,
        };
        foreach (var entry in index.Files)
        {
            var (columns, rows, ticks) = await ReadAsync(Path.Combine(folder, entry.Path));
            Assert.Equal(expectedRows[entry.Dataset], rows);
            Assert.Equal(rows, entry.Rows);
            Assert.All(ticks, t => Assert.Equal(entry.Tick, t));
            string[] head = ["tick", "id", "province", "city", "county"];
            string[] expected = entry.Dataset switch
            {
                "county" or "city" => [.. head, "cloud_adoption", "coordination_messages", "imbalance_gini"],
                "department" => [.. head, "index", "department", .. OutputCatalog.SnapshotColumns(AgentKind.Department)],
                _ => [.. head, "index", .. OutputCatalog.SnapshotColumns(OutputCatalog.Kinds[entry.Dataset])],
            };
            Assert.Equal(expected, columns);
        }
    }

    [Fact]
    public async Task A_fork_writes_the_original_runs_files_from_its_checkpoint_tick_on()
    {
        string original = await RunAsync("original", "--engine", "reference", "--checkpoint-every", "8", "--export-checkpoints");
        string fork = await RunAsync("fork", "--engine", "orleans", "--from", original, "--at-tick", "16");

        var forked = ParquetFiles(fork);
        var expected = ParquetFiles(original).Where(f => OutputIndex.Read(Path.Combine(original, OutputWriter.IndexFile)).Files.Single(e => e.Path == f.Key).Tick >= 16).ToArray();
        Assert.Equal(expected.Select(f => f.Key).Order(), forked.Keys.Order());
        Assert.All(expected, f => Assert.True(f.Value.AsSpan().SequenceEqual(forked[f.Key]), f.Key));
        var index = OutputIndex.Read(Path.Combine(fork, OutputWriter.IndexFile));
        Assert.True(index.Complete, index.Problem);
        Assert.Equal(16, index.FirstTick);
    }

    private static async Task<(string[] Columns, int Rows, int[] Ticks)> ReadAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream);
        var fields = reader.Schema.GetDataFields();
        Assert.Equal(1, reader.RowGroupCount);
        using var group = reader.OpenRowGroupReader(0);
        var ticks = new int[group.RowCount];
        await group.ReadAsync<int>(fields[0], ticks.AsMemory());
        return ([.. fields.Select(f => f.Name)], ticks.Length, ticks);
    }
}
