using System.Text;
using Harvest.Engine.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Harvest.Harvesters.Dcat.Tests.Harvesting;

/// <summary>
/// A two-page DCAT catalog in Turtle, written for these tests, served on 127.0.0.1: /catalog is page 1 (River levels,
/// Tide tables) and points to /catalog?page=2 (Rainfall, Wind speed), which ends the listing. <see cref="Page2"/> lets a
/// test make the second page repeat the first, fail, or be something else.
/// </summary>
public sealed class PagedCatalogServer : IAsyncDisposable
{
    private LoopbackServer _server = null!;

    public string Url => _server.BaseUrl + "/catalog";
    public string Page2Url => Url + "?page=2";
    public List<string> Requests { get; } = [];

    /// <summary>How the second page is answered; the default serves the real second page.</summary>
    public Func<HttpContext, Task>? Page2 { get; set; }

    /// <summary>Paging written as a hydra:PagedCollection with a literal hydra:nextPage instead of a view with hydra:next.</summary>
    public bool OldStylePaging { get; init; }

    public static async Task<PagedCatalogServer> StartAsync(bool oldStylePaging = false)
    {
        var catalog = new PagedCatalogServer { OldStylePaging = oldStylePaging };
        catalog._server = await LoopbackServer.StartAsync(catalog.HandleAsync);
        return catalog;
    }

    private async Task HandleAsync(HttpContext context)
    {
        lock (Requests) Requests.Add(context.Request.Path + context.Request.QueryString);
        if (context.Request.Query["page"] == "2")
        {
            if (Page2 is not null) await Page2(context);
            else await WriteAsync(context, SecondPage());
            return;
        }
        await WriteAsync(context, FirstPage());
    }

    public static async Task WriteAsync(HttpContext context, string turtle, string contentType = "text/turtle", int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(turtle), context.RequestAborted);
    }

    private const string Prefixes = """
        @prefix dcat: <http://www.w3.org/ns/dcat#> .
        @prefix dct: <http://purl.org/dc/terms/> .
        @prefix hydra: <http://www.w3.org/ns/hydra/core#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

        """;

    public string FirstPage() => Prefixes + $$"""
        <http://example.test/catalog> a dcat:Catalog ;
            dct:title "Paged test catalog" ;
            dcat:dataset <http://example.test/ds/river-levels>, <http://example.test/ds/tide-tables> .

        <http://example.test/ds/river-levels> a dcat:Dataset ;
            dct:title "River levels" ;
            dcat:keyword "water", "rivers" .

        <http://example.test/ds/tide-tables> a dcat:Dataset ;
            dct:title "Tide tables" ;
            dcat:keyword "water", "sea" .

        {{Paging(Url, Page2Url, 1)}}
        """;

    public string SecondPage() => Prefixes + $$"""
        <http://example.test/catalog> a dcat:Catalog ;
            dcat:dataset <http://example.test/ds/rainfall>, <http://example.test/ds/wind-speed> .

        <http://example.test/ds/rainfall> a dcat:Dataset ;
            dct:title "Rainfall" .

        <http://example.test/ds/wind-speed> a dcat:Dataset ;
            dct:title "Wind speed" .

        {{Paging(Page2Url, null, 2)}}
        """;

    private string Paging(string page, string? next, int number) => OldStylePaging
        ? $"""
          <{page}> a hydra:PagedCollection ;
              hydra:firstPage "{Url}" ;
              {(next is null ? "" : $"hydra:nextPage \"{next}\" ;")}
              hydra:itemsPerPage 2 ;
              hydra:totalItems 4 .
          """
        : $"""
          <{Url}> a hydra:Collection ;
              hydra:view <{page}> .
          <{page}> a hydra:PartialCollectionView ;
              {(next is null ? "" : $"hydra:next <{(number == 1 ? "?page=2" : next)}> ;")}
              hydra:first <{Url}> .
          """;

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();
}
