namespace OrleansGov.Model;

/// <summary>
/// A government's order down the hierarchy: reach <paramref name="Target"/> cloud adoption by
/// <paramref name="Deadline"/>. <paramref name="Binding"/> is how strongly it binds (issuer's vertical
/// integration × attention × authority); <paramref name="PlatformReadiness"/> relays the unified
/// platform's state so units below know what they can migrate onto; <paramref name="DataAvailability"/>
/// the share of the province's data available on its platform and <paramref name="NationalAvailability"/>
/// the share on the national exchange (−1: unknown).
/// </summary>
[GenerateSerializer, Immutable, Alias("og.directive")]
public sealed record Directive(double Target, int Deadline, double Priority, double Binding, double PlatformReadiness,
    double DataAvailability = -1, double NationalAvailability = -1) : AgentMessage;

/// <summary>
/// A unit's report up the hierarchy: systems, systems reported migrated (paper ones included),
/// refusals, behind plan (on the reported figures), and systems whose data is published on the
/// unified platform (for a province's report to the nation: weighted by how much of the platform is built).
/// </summary>
[GenerateSerializer, Immutable, Alias("og.report")]
public sealed record ProgressReport(int Systems, int Migrated, int Refusals, bool Behind, int Published = 0) : AgentMessage;

/// <summary>
/// An inspection by a supervising office: <paramref name="Pressure"/> is its weight,
/// <paramref name="Detection"/> the chance it finds systems reported migrated that are not.
/// </summary>
[GenerateSerializer, Immutable, Alias("og.inspection")]
public sealed record Inspection(double Pressure, double Detection = 0) : AgentMessage;

/// <summary>An accountability sanction for being behind target or obstructing sharing.</summary>
[GenerateSerializer, Immutable, Alias("og.sanction")]
public sealed record AccountabilitySanction(double Severity) : AgentMessage;

/// <summary>Budget allocated by a province's chief to the office that builds the unified platform.</summary>
[GenerateSerializer, Immutable, Alias("og.allocation")]
public sealed record ResourceAllocation(double Budget) : AgentMessage;

/// <summary>The office's report on the unified platform to its province government.</summary>
[GenerateSerializer, Immutable, Alias("og.platform")]
public sealed record PlatformStatus(double Readiness, double OfficeEffectiveness) : AgentMessage;

/// <summary>A government's order to improve one service, issued after citizens' proposals.</summary>
[GenerateSerializer, Immutable, Alias("og.service-directive")]
public sealed record ServiceDirective(double Improvement) : AgentMessage;
