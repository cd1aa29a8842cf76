namespace Harvest.Harvesters.Iso.Tests.Support;

/// <summary>Paths of the CSW and WAF fixtures in ../shared/fixtures.</summary>
public static class IsoFiles
{
    public static string CswRecord(string file) => Fixtures.Path(Path.Combine("csw", "records", file));
    public static string CswResponse(string file) => Fixtures.Path(Path.Combine("csw", "responses", file));
    public static string Waf(string file) => Fixtures.Path(Path.Combine("waf", "iso_2_waf", file));
    public static string IndexPage(string file) => Fixtures.Path(Path.Combine("waf", "index-pages", file));
}
