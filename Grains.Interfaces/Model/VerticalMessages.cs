namespace OrleansGov.Model;

/// <summary>
/// A government's order down the hierarchy: reach <paramref name="Target"/> cloud adoption by
/// <paramref name="Deadline"/>. <paramref name="Binding"/> is how strongly it binds (issuer's vertical
/// integration × attention × authority); <paramref name="PlatformReadiness"/> relays the unified
/// platform's state so units below know what they can migrate onto.
/// </summary>
[GenerateSerializer, Immutable, Alias("og.directive")]
public sealed record Directive(double Target, int Deadline, double Priority, double Binding, double PlatformReadiness) : AgentMessage;

/// <summary>A unit's report up the hierarchy.</summary>
[GenerateSerializer, Immutable, Alias("og.report")]
public sealed record ProgressReport(int Systems, int Migrated, int Refusals, bool Behind) : AgentMessage;

/// <summary>An inspection by a supervising office; <paramref name="Pressure"/> is its weight.</summary>
[GenerateSerializer, Immutable, Alias("og.inspection")]
public sealed record Inspection(double Pressure) : AgentMessage;

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
