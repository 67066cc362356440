using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CsCheck;

namespace OrleansGov.Tests.Dashboard;

/// <summary>
/// Property-based fuzzing of the dashboard's JSON request bodies (issue 14, "Fuzzing"): generated bodies —
/// objects mixing the real field names with wrong types, edge numbers and odd strings (paths, YAML that
/// stresses the scenario parser), raw text, and mutations of a valid body — sent to every POST that
/// reads a body. Whatever the body, the answer is 201 (a valid request) or a 4xx with a reason in
/// <c>{"error": …}</c>: never a 5xx, never a dropped connection. CsCheck prints the seed of a failing case.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardBodyFuzzTests(DashboardFixture dashboard)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly string[] Fields =
        ["preset", "yaml", "seed", "ticks", "paused", "event", "province", "lever", "value", "vertical", "horizontal"];

    private static readonly Gen<string> YamlText = Gen.OneOf(
        Gen.OneOf(
            "name: x\nprovinces: []\n", "? [a, b]\n: c\n", "a: &x [*x, *x]\n", "!!binary AAAA", "ticks: 1e9\n", "{", "- - -",
            "name: x\nticks: 5\nprovinces:\n  - preset: guizhou\n", "\t", "%YAML 1.3\n---\nname: x\n", "name: x\n...\n---\nname: y\n",
            "name: x\nprovinces:\n  - { name: a, cities: -1, counties: 3 }\n", "name: x\nseed: -5\nprovinces:\n  - preset: chongqing\n",
            "name: x\nticks: 3\nprovinces:\n  - { name: a, cities: 1, counties: 1 }\ntimeline:\n  - { tick: 1, event: nope }\n",
            "name: x\nticks: 3\nmode: authority\nprovinces:\n  - { name: a, cities: 1, counties: 1 }\n",
            new string('[', 400), "a: " + new string('b', 10_000), "\u0000\u0001\u0002", "name: \"\\uD800\"\n", "<<: *undefined\n"),
        Gen.String);

    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.OneOf(
            "small", "national", "three-provinces", "/etc/passwd", "../../scenarios/small.yaml", "", " ", "set-lever", "set-dials",
            "attention-shift", "appoint-national-chief", "dismiss-national-chief", "upgrade-office", "north", "south", "linkage",
            "accountability", "participation", "national-chief", "\u202e", "null"),
        Gen.String,
        YamlText);

    private static readonly Gen<string> Scalar = Gen.OneOf(
        Gen.OneOf("null", "true", "false", "0", "-1", "1", "0.5", "1.5", "-0.0", "2147483647", "2147483648", "-2147483649",
            "9223372036854775807", "18446744073709551616", "1e308", "1e-400", "[]", "{}", "\"\""),
        Gen.Int.Select(i => i.ToString(Inv)),
        Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", Inv) : "0"),
        Text.Select(Json));

    private static readonly Gen<string> Value = Gen.Frequency(
        (6, Scalar),
        (1, Scalar.Array[0, 4].Select(items => "[" + string.Join(",", items) + "]")),
        (1, Gen.Select(Gen.OneOf(Fields).Array[0, 3], Scalar.Array[3], (k, v) => "{" + string.Join(",", k.Select((key, i) => $"{Json(key)}:{v[i]}")) + "}")));

    private static readonly Gen<string> Key = Gen.Frequency((8, Gen.OneOf(Fields)), (1, Gen.String), (1, Gen.OneOf("Preset", "TICKS", "seed ", "")));

    /// <summary>An object of 0–6 members: mostly real field names, with any values (duplicates included).</summary>
    private static readonly Gen<string> JsonObject = Gen.Select(Key, Value).Array[0, 6]
        .Select(members => "{" + string.Join(",", members.Select(m => $"{Json(m.Item1)}:{m.Item2}")) + "}");

    private static Gen<string> Mutated(string valid) => Gen.Select(Gen.Int[0, valid.Length], Gen.Int[0, 3], Gen.Char, (at, how, c) => how switch
    {
        0 => valid[..at],                                      // truncated
        1 => valid[..at] + c + valid[at..],                    // a character inserted
        2 => at < valid.Length ? valid.Remove(at, 1) : valid,  // a character removed
        _ => valid.Replace(":", ":" + c),                      // every value disturbed
    });

    private static Gen<string> Bodies(string valid) => Gen.Frequency(
        (7, JsonObject), (1, Value), (1, Gen.String), (2, Mutated(valid)));

    private static string Json(string s) => JsonSerializer.Serialize(s);

    /// <summary>300 per test in the suite; ORLEANSGOV_FUZZ_ITER=N for a longer campaign (docs/RELIABILITY.md).</summary>
    private static int Iterations => int.TryParse(Environment.GetEnvironmentVariable("ORLEANSGOV_FUZZ_ITER"), out int n) && n > 0 ? n : 300;

    [Fact]
    public async Task No_start_body_escapes_a_4xx_with_a_reason()
    {
        var started = new List<string>();
        try
        {
            await Bodies("""{"preset":"small","ticks":3,"paused":true,"seed":5}""")
                .SampleAsync(async body => started.AddRange(await PostAsync("/api/runs", body)), iter: Iterations, threads: 1);
        }
        finally
        {
            foreach (var runId in started)
            {
                (await dashboard.PostAsync($"/api/runs/{runId}/cancel")).Dispose();
            }
        }
        using var alive = await dashboard.Http.GetAsync("/api/presets");
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task No_intervention_body_escapes_a_4xx_with_a_reason()
    {
        string runId = await dashboard.StartAsync("small", 100_000, paused: true);
        try
        {
            await Bodies("""{"event":"set-lever","lever":"linkage","value":0.5}""")
                .SampleAsync(async body => await PostAsync($"/api/runs/{runId}/interventions", body), iter: Iterations, threads: 1);
        }
        finally
        {
            (await dashboard.PostAsync($"/api/runs/{runId}/cancel")).Dispose();
        }
        using var alive = await dashboard.Http.GetAsync($"/api/runs/{runId}");
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    /// <summary>Posts <paramref name="body"/>; asserts the answer's shape; returns the run id of a run it started.</summary>
    private async Task<IEnumerable<string>> PostAsync(string path, string body)
    {
        using var response = await dashboard.PostAsync(path, body);
        string text = await response.Content.ReadAsStringAsync();
        int status = (int)response.StatusCode;
        if (status == 201)
        {
            var created = JsonDocument.Parse(text).RootElement;
            return created.TryGetProperty("run", out var run) ? [run.GetProperty("run_id").GetString()!] : [];
        }
        Assert.True(status is >= 400 and < 500, $"{status} for body {Trim(body)}: {Trim(text)}");
        string? reason = JsonDocument.Parse(text).RootElement.GetProperty("error").GetString();
        Assert.False(string.IsNullOrWhiteSpace(reason), $"no reason for body {Trim(body)}");
        return [];
    }

    private static string Trim(string s) => s.Length > 300 ? s[..300] + "…" : s;
}
