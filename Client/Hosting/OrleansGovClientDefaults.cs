namespace OrleansGov.Client.Hosting;

/// <summary>The ids a client assumes unless told otherwise: the standalone silo's.</summary>
internal static class OrleansGovClientDefaults
{
    public const string ClusterId = OrleansGov.Hosting.OrleansGovClient.DefaultClusterId;
}
