namespace OrleansGov.Tests.Cli;

/// <summary>Scenario files for the CLI tests, in the format of scenarios/*.yaml.</summary>
public static class TestYaml
{
    /// <summary>A valid tiny scenario: two provinces (so 3 scopes per tick), 12 ticks.</summary>
    public const string Valid = """
        name: cli-test
        description: Tiny scenario for the CLI tests
        seed: 5
        ticks: 12
        mode: collaborative
        departments: [public-security, health, civil-affairs]
        provinces:
          - name: east
            cities: 1
            counties: 3
            enterprises: 3
          - name: west
            cities: 0
            counties: 2
            enterprises: 2
        timeline:
          - { tick: 6, event: appoint-national-chief }
        """;

    /// <summary>Invalid scenarios: (file name, content, a word the one error message must name).</summary>
    public static readonly TheoryData<string, string, string> Invalid = new()
    {
        { "syntax.yaml", "name: broken\nprovinces: [\n  - name: east\n", "syntax.yaml" },
        { "unknown-key.yaml", Valid + "\ncolour: red\n", "colour" },
        { "out-of-range.yaml", Valid + "\nlevers: { accountability: 1.5 }\n", "accountability" },
        { "negative-count.yaml", Valid.Replace("counties: 3", "counties: -3"), "counties" },
        { "late-intervention.yaml", Valid.Replace("tick: 6,", "tick: 40,"), "tick" },
    };
}
