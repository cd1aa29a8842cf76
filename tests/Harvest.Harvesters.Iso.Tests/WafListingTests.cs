using Harvest.Harvesters.Waf;

namespace Harvest.Harvesters.Iso.Tests;

/// <summary>Hand-written listings: sub-folders, links that lead out of the tree, messy HTML.</summary>
public sealed class WafListingTests
{
    private static readonly Uri Folder = new("https://example.org/waf/iso/");

    private static List<(string Url, DateTime? Modified, bool IsFolder)> Parse(string html, Uri? page = null) =>
        WafListing.Parse(html, page ?? Folder).Entries.Select(e => (e.Url.AbsoluteUri, e.LastModified, e.IsFolder)).ToList();

    [Fact]
    public void An_Apache_table_lists_records_and_sub_folders_and_nothing_that_leaves_the_folder()
    {
        const string html = """
            <html><head><title>Index of /waf/iso</title></head><body>
            <h1>Index of /waf/iso</h1>
              <table>
               <tr><th valign="top"><img src="/icons/blank.gif" alt="[ICO]"></th><th><a href="?C=N;O=D">Name</a></th><th><a href="?C=M;O=A">Last modified</a></th><th><a href="?C=S;O=A">Size</a></th></tr>
               <tr><th colspan="4"><hr></th></tr>
               <tr><td valign="top"><img src="/icons/back.gif" alt="[PARENTDIR]"></td><td><a href="/waf/">Parent Directory</a></td><td>&nbsp;</td><td align="right">  - </td></tr>
               <tr><td valign="top"><img src="/icons/folder.gif" alt="[DIR]"></td><td><a href="2025/">2025/</a></td><td align="right">2026-01-05 09:10  </td><td align="right">  - </td></tr>
               <tr><td valign="top"><a href="a.xml"><img src="/icons/text.gif" alt="[TXT]"></a></td><td><a href="a.xml">a.xml</a></td><td align="right">2026-07-12 02:23  </td><td align="right"> 35K</td></tr>
               <tr><td><a href="b%20c.XML">b c.XML</a></td><td align="right">2026-07-13 14:05:09</td></tr>
               <tr><td><a href="notes.txt">notes.txt</a></td><td align="right">2026-07-13 14:05</td></tr>
               <tr><td><a href="https://other.example.org/waf/iso/d.xml">d.xml</a></td><td align="right">2026-07-14 00:00</td></tr>
               <tr><td><a href="/waf/other/e.xml">e.xml</a></td><td align="right">2026-07-14 00:00</td></tr>
               <tr><td><a href="https://example.org/waf/iso/f.xml">f.xml</a></td><td align="right">2026-07-15 08:00</td></tr>
               <tr><td><a href="http://example.org/waf/iso/g.xml">g.xml</a></td><td align="right">2026-07-15 08:00</td></tr>
               <tr><td><a href="../iso/h.xml">h.xml</a></td><td align="right">2026-07-16 08:00</td></tr>
               <tr><td><a href="i.xml?download=1">i.xml</a></td><td align="right">2026-07-16 08:00</td></tr>
               <tr><th colspan="4"><hr></th></tr>
            </table>
            <address>Apache/2.4.62 Server at example.org Port 443</address>
            </body></html>
            """;

        Assert.Equal(
        [
            ("https://example.org/waf/iso/2025/", new DateTime(2026, 1, 5, 9, 10, 0), true),
            ("https://example.org/waf/iso/a.xml", new DateTime(2026, 7, 12, 2, 23, 0), false),
            ("https://example.org/waf/iso/b%20c.XML", new DateTime(2026, 7, 13, 14, 5, 9), false),
            ("https://example.org/waf/iso/f.xml", new DateTime(2026, 7, 15, 8, 0, 0), false),
            ("https://example.org/waf/iso/h.xml", new DateTime(2026, 7, 16, 8, 0, 0), false),
        ], Parse(html));
    }

    [Fact]
    public void An_Apache_pre_listing_without_a_table_dates_each_line()
    {
        const string html = """
            <html><body><h1>Index of /waf/iso</h1>
            <pre><img src="/icons/blank.gif" alt="Icon "> <a href="?C=N;O=D">Name</a>                    <a href="?C=M;O=A">Last modified</a>      <a href="?C=S;O=A">Size</a>  <hr><img src="/icons/back.gif" alt="[PARENTDIR]"> <a href="/waf/">Parent Directory</a>                             -
            <img src="/icons/folder.gif" alt="[DIR]"> <a href="sub/">sub/</a>                     12-Jul-2026 02:23    -
            <img src="/icons/text.gif" alt="[TXT]"> <a href="x.xml">x.xml</a>                    13-Jul-2026 10:11   35K
            <img src="/icons/text.gif" alt="[TXT]"> <a href="y.xml">y.xml</a>
            <hr></pre>
            </body></html>
            """;

        Assert.Equal(
        [
            ("https://example.org/waf/iso/sub/", new DateTime(2026, 7, 12, 2, 23, 0), true),
            ("https://example.org/waf/iso/x.xml", new DateTime(2026, 7, 13, 10, 11, 0), false),
            ("https://example.org/waf/iso/y.xml", null, false),
        ], Parse(html));
    }

    [Fact]
    public void An_nginx_listing_gives_sub_folders_and_skips_the_parent_and_siblings()
    {
        const string html = """
            <html>
            <head><title>Index of /waf/iso/</title></head>
            <body>
            <h1>Index of /waf/iso/</h1><hr><pre><a href="../">../</a>
            <a href="deeper/">deeper/</a>                                            03-Mar-2026 07:08                   -
            <a href="r1.xml">r1.xml</a>                                             02-Oct-2025 11:47     26K
            <a href="r1.faq.html">r1.faq.html</a>                                        02-Oct-2025 11:47     45K
            </pre><hr></body>
            </html>
            """;

        var listing = WafListing.Parse(html, Folder);

        Assert.Equal([new Uri("https://example.org/waf/iso/deeper/")], listing.Folders.Select(f => f.Url));
        Assert.Equal([new Uri("https://example.org/waf/iso/r1.xml")], listing.Records.Select(r => r.Url));
        Assert.Equal(new DateTime(2026, 3, 3, 7, 8, 0), listing.Folders.Single().LastModified);
    }

    [Fact]
    public void An_IIS_listing_gives_its_dir_entries_as_folders_whatever_the_case_of_the_URL_asked_for()
    {
        // IIS prints paths in the case of the folders on disk; the source URL was typed in lower case.
        const string html = """
            <html><head><title>example.org - /WAF/ISO/</title></head><body><H1>example.org - /WAF/ISO/</H1><hr>

            <pre><A HREF="/WAF/">[To Parent Directory]</A><br><br> 1/2/2026 12:05 AM        &lt;dir&gt; <A HREF="/WAF/ISO/Archive/">Archive</A><br> 6/17/2021 12:20 PM        39985 <A HREF="/WAF/ISO/one.xml">one.xml</A><br>12/31/2025 11:59 PM         4000 <A HREF="/WAF/ISO/two.xml">two.xml</A><br><br> 7/1/2025  1:00 PM        47077 <A HREF="/OTHER/three.xml">three.xml</A><br></pre><hr></body></html>
            """;

        Assert.Equal(
        [
            ("https://example.org/WAF/ISO/Archive/", new DateTime(2026, 1, 2, 0, 5, 0), true),
            ("https://example.org/WAF/ISO/one.xml", new DateTime(2021, 6, 17, 12, 20, 0), false),
            ("https://example.org/WAF/ISO/two.xml", new DateTime(2025, 12, 31, 23, 59, 0), false),
        ], Parse(html, new Uri("https://example.org/waf/iso/")));
    }

    [Fact]
    public void An_IIS_listing_with_long_dates_reads_them_with_or_without_the_weekday()
    {
        const string html = """
            <pre><A HREF="/">[To Parent Directory]</A><br><br>        Friday, July 31, 2026  4:53 PM        27383 <A HREF="/waf/iso/a.xml">a.xml</A><br>     Monday, January 5, 2026 12:00 AM        &lt;dir&gt; <A HREF="/waf/iso/sub/">sub</A><br>  March 3, 2025  9:07 AM  12 <A HREF="/waf/iso/b.xml">b.xml</A><br></pre>
            """;

        Assert.Equal(
        [
            ("https://example.org/waf/iso/a.xml", new DateTime(2026, 7, 31, 16, 53, 0), false),
            ("https://example.org/waf/iso/sub/", new DateTime(2026, 1, 5, 0, 0, 0), true),
            ("https://example.org/waf/iso/b.xml", new DateTime(2025, 3, 3, 9, 7, 0), false),
        ], Parse(html));
    }

    [Fact]
    public void Links_that_are_not_web_links_into_the_folder_are_ignored()
    {
        const string html = """
            <ul>
            <li><a href="#top">top</a></li>
            <li><a href="mailto:webmaster@example.org?subject=a.xml">mail</a></li>
            <li><a href="javascript:open('a.xml')">script</a></li>
            <li><a href="ftp://example.org/waf/iso/a.xml">ftp</a></li>
            <li><a href="/">home</a></li>
            <li><a href="./">this folder</a></li>
            <li><a href="sub/../../escape.xml">escape</a></li>
            <li><a href="sub/?C=M;O=A">sorted sub-folder</a></li>
            <li><a href="">empty</a></li>
            <li><a>no href</a></li>
            <li><a href="kept.xml#section">kept</a></li>
            </ul>
            """;

        Assert.Equal([("https://example.org/waf/iso/kept.xml", (DateTime?)null, false)], Parse(html));
    }

    [Fact]
    public void Messy_HTML_still_lists_its_records()
    {
        const string html = """
            <!-- <a href="commented.xml">commented.xml</a> 2026-01-01 00:00 -->
            <HTML><BODY>
            <script>document.write('<a href="scripted.xml">x</a>');</script>
            <TABLE>
            <TR><TD><A HREF=unquoted.xml>unquoted.xml</A><TD ALIGN=right>2026-02-03 04:05
            <TR><TD><a href='single.xml' class=file>single.xml<TD>2026-02-04 05:06</TD></TR>
            <tr><td><a href="unclosed.xml">unclosed.xml<td>2026-02-05 06:07
            <tr><td><a href="a&amp;b.xml" >a&amp;b.xml</a> <td> 2026-02-06 07:08
            </TABLE>
            stray < text and a > sign
            </BODY></HTML>
            """;

        Assert.Equal(
        [
            ("https://example.org/waf/iso/unquoted.xml", new DateTime(2026, 2, 3, 4, 5, 0), false),
            ("https://example.org/waf/iso/single.xml", new DateTime(2026, 2, 4, 5, 6, 0), false),
            ("https://example.org/waf/iso/unclosed.xml", new DateTime(2026, 2, 5, 6, 7, 0), false),
            ("https://example.org/waf/iso/a&b.xml", new DateTime(2026, 2, 6, 7, 8, 0), false),
        ], Parse(html));
    }

    [Fact]
    public void Several_links_on_one_line_take_the_date_that_follows_each()
    {
        const string html = """<p><a href="a.xml">a.xml</a> 2026-01-01 10:00 5K <a href="b.xml">b.xml</a> 2026-02-02 11:00 6K <a href="c.xml">c.xml</a></p>""";

        Assert.Equal(
        [
            ("https://example.org/waf/iso/a.xml", new DateTime(2026, 1, 1, 10, 0, 0), false),
            ("https://example.org/waf/iso/b.xml", new DateTime(2026, 2, 2, 11, 0, 0), false),
            ("https://example.org/waf/iso/c.xml", new DateTime(2026, 2, 2, 11, 0, 0), false),
        ], Parse(html));
    }

    [Fact]
    public void A_listing_without_dates_gives_null_times_and_a_repeated_link_once()
    {
        const string html = """<ul><li><a href="a.xml">a.xml</a></li><li><a href="a.xml">again</a></li><li><a href="b.xml">b.xml</a> (31/02/2026 10:00)</li></ul>""";

        Assert.Equal(
        [
            ("https://example.org/waf/iso/a.xml", (DateTime?)null, false),
            ("https://example.org/waf/iso/b.xml", null, false),
        ], Parse(html));
    }

    [Fact]
    public void A_base_element_changes_how_links_resolve_but_not_which_folder_they_must_stay_in()
    {
        const string html = """<head><base href="https://example.org/waf/iso/2026/"></head><body><a href="a.xml">a</a><br><a href="../b.xml">b</a><br><a href="/elsewhere/c.xml">c</a></body>""";

        Assert.Equal(
        [
            ("https://example.org/waf/iso/2026/a.xml", (DateTime?)null, false),
            ("https://example.org/waf/iso/b.xml", null, false),
        ], Parse(html));
    }

    [Fact]
    public void Arbitrary_markup_fragments_never_throw()
    {
        const string alphabet = "<>/=\"' \nab.xml?#&;!-";
        var random = new Random(19139);
        for (var i = 0; i < 2000; i++)
        {
            var text = new string(Enumerable.Range(0, random.Next(1, 80)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            var listing = WafListing.Parse("<a href=" + text, Folder);
            Assert.All(listing.Entries, e => Assert.StartsWith(Folder.AbsoluteUri, e.Url.AbsoluteUri, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void The_folder_is_the_page_URL_with_a_trailing_slash_and_no_index_page_query_or_fragment()
    {
        Assert.Equal(new Uri("https://example.org/waf/iso/"), WafListing.Parse("", new Uri("https://example.org/waf/iso")).Folder);
        Assert.Equal(new Uri("https://example.org/waf/iso/"), WafListing.Parse("", new Uri("https://example.org/waf/iso/index.html?x=1#y")).Folder);
        Assert.Throws<ArgumentException>(() => WafListing.Parse("", new Uri("/waf/iso/", UriKind.Relative)));
    }
}
