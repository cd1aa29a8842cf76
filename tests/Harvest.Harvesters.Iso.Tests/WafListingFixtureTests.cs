using Harvest.Harvesters.Waf;

namespace Harvest.Harvesters.Iso.Tests;

/// <summary>
/// The four real directory listings in waf/index-pages, served at the URLs the README gives: exactly the
/// (URL, last-modified) pairs datagov-harvester's test_traverse_waf_server_indexes asserts, in order.
/// </summary>
public sealed class WafListingFixtureTests
{
    public static TheoryData<string, string, string, DateTime, string, DateTime> Pages => new()
    {
        {
            "apache-noaa-waf.html", "https://data.noaa.gov/waf/NOAA/nmfs/garfo/iso/xml/",
            "https://data.noaa.gov/waf/NOAA/nmfs/garfo/iso/xml/1463.xml", new DateTime(2026, 7, 12, 2, 23, 0),
            "https://data.noaa.gov/waf/NOAA/nmfs/garfo/iso/xml/1503.xml", new DateTime(2026, 7, 12, 2, 23, 0)
        },
        {
            "nginx-dggs-waf.html", "https://dggs.alaska.gov/webpubs/metadata/",
            "https://dggs.alaska.gov/webpubs/metadata/AOF125.xml", new DateTime(2025, 10, 2, 11, 47, 0),
            "https://dggs.alaska.gov/webpubs/metadata/AOF134.xml", new DateTime(2026, 7, 30, 16, 1, 0)
        },
        {
            "ms-iis-waf.html", "https://edg.epa.gov/WAFer_harvest/ISO/",
            "https://edg.epa.gov/WAFer_harvest/ISO/enviroatlas-metadata-waf_ACS_Demographics_by_Tract_2008_2012_EA.xml", new DateTime(2021, 6, 17, 12, 20, 0),
            "https://edg.epa.gov/WAFer_harvest/ISO/enviroatlas-metadata-waf_Ag_On_Slopes.xml", new DateTime(2025, 7, 23, 17, 33, 0)
        },
        {
            "bts-waf.html", "https://transtats.bts.gov/NTADmetadata/",
            "https://transtats.bts.gov/NTADmetadata/USDOT_BTS_NTAD_119th_Congressional_Districts.xml", new DateTime(2026, 7, 31, 16, 53, 0),
            "https://transtats.bts.gov/NTADmetadata/USDOT_BTS_NTAD_1991_FAP.xml", new DateTime(2026, 7, 15, 16, 23, 0)
        },
    };

    [FixtureTheory]
    [MemberData(nameof(Pages))]
    public void Each_listing_gives_exactly_its_records_and_times_in_order(
        string page, string servedAt, string firstUrl, DateTime firstModified, string secondUrl, DateTime secondModified)
    {
        var listing = WafListing.Parse(File.ReadAllText(IsoFiles.IndexPage(page)), new Uri(servedAt));

        Assert.Equal(
            [(firstUrl, (DateTime?)firstModified), (secondUrl, secondModified)],
            listing.Entries.Select(e => (e.Url.AbsoluteUri, e.LastModified)));
        Assert.All(listing.Entries, e => Assert.False(e.IsFolder));
        Assert.All(listing.Entries, e => Assert.Equal(DateTimeKind.Unspecified, e.LastModified!.Value.Kind));
        Assert.Equal(new Uri(servedAt), listing.Folder);
    }

    [FixtureFact]
    public void The_same_listings_served_at_an_index_page_give_the_same_entries()
    {
        var listing = WafListing.Parse(File.ReadAllText(IsoFiles.IndexPage("apache-noaa-waf.html")),
            new Uri("https://data.noaa.gov/waf/NOAA/nmfs/garfo/iso/xml/index.html"));

        Assert.Equal(new Uri("https://data.noaa.gov/waf/NOAA/nmfs/garfo/iso/xml/"), listing.Folder);
        Assert.Equal(2, listing.Records.Count());
    }
}
