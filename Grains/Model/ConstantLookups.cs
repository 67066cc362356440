using OrleansGov.Scenarios;

namespace OrleansGov.Model;

/// <summary>Constants that depend on a level, rank or channel, looked up in the scenario's <see cref="ConstantValues"/>.</summary>
public static class ConstantLookups
{
    /// <summary>Authority of a chief by level (hierarchy.authority-*): the push weakens down the levels.</summary>
    public static double Authority(ConstantValues k, GovernmentLevel level) => level switch
    {
        GovernmentLevel.Nation => k[Constants.AuthorityNation],
        GovernmentLevel.Province => k[Constants.AuthorityProvince],
        GovernmentLevel.City => k[Constants.AuthorityCity],
        _ => k[Constants.AuthorityCounty],
    };

    /// <summary>The effectiveness cap of an office of this rank (office.rank-cap-*).</summary>
    public static double RankCap(ConstantValues k, OfficeRank rank) => rank switch
    {
        OfficeRank.High => k[Constants.RankCapHigh],
        OfficeRank.LeadingGroup => k[Constants.RankCapLeadingGroup],
        _ => k[Constants.RankCapLow],
    };

    /// <summary>A provider's extra reluctance by distance (sharing.channel-cost-*), offset by horizontal coordination.</summary>
    public static double ChannelCost(ConstantValues k, SharingChannel channel) => channel switch
    {
        SharingChannel.WithinGovernment => k[Constants.ChannelCostWithin],
        SharingChannel.CrossRegion => k[Constants.ChannelCostRegion],
        _ => k[Constants.ChannelCostProvince],
    };
}
