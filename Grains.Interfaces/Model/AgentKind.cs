namespace OrleansGov.Model;

/// <summary>The role an agent plays. Stored in <see cref="AgentId"/>, so ids of one place sort together.</summary>
[GenerateSerializer]
public enum AgentKind : byte
{
    /// <summary>Not an agent: the scenario's timeline, which injects interventions.</summary>
    Environment = 0,
    /// <summary>The central government (can host a national cloud chief).</summary>
    Nation = 1,
    /// <summary>A province, city or county government led by a cloud chief.</summary>
    Government = 2,
    /// <summary>A province's Cloud Chief Office / Big Data Bureau, which runs the unified platform.</summary>
    Office = 3,
    /// <summary>A functional department of one government.</summary>
    Department = 4,
    /// <summary>A digital-service firm that bids for outsourced projects.</summary>
    Enterprise = 5,
    /// <summary>A group of citizens demanding online services.</summary>
    CitizenGroup = 6,
}

/// <summary>The level of a government in the administrative hierarchy.</summary>
[GenerateSerializer]
public enum GovernmentLevel : byte
{
    Nation = 0,
    Province = 1,
    City = 2,
    County = 3,
}
