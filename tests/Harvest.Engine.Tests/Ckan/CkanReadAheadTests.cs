using System.Text.Json.Nodes;
using Harvest.Engine.Harvesters;
using Harvest.Engine.Http;
using Harvest.Engine.Model;
using Harvest.Harvesters.Ckan;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Ckan;

/// <summary>
/// The CKAN gather reads one package_search page ahead, so that downloading and parsing the next page overlap the
/// engine's work on the records of the current one.
/// </summary>
public sealed class CkanReadAheadTests
{
    [Fact]
    public async Task The_next_page_is_asked_for_while_the_records_of_the_current_one_are_handed_out()
    {
        await using var server = await CkanServer.StartAsync();
        server.Add(CkanTestKit.Generated(5));
        using var http = new HttpClient();

        await using var records = new CkanHarvester().GatherAsync(Context(server, http), CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await records.MoveNextAsync());

        // The first record of page start=0 is all the engine has taken, and the page start=2 is on its way.
        await Eventually.TrueAsync(() => server.SearchRequests.Any(r => r.Start == 2), "the request for the page start=2", seconds: 30);
        Assert.DoesNotContain(server.SearchRequests, r => r.Start == 4);
        var guids = new List<string> { records.Current.Guid };
        while (await records.MoveNextAsync()) guids.Add(records.Current.Guid);
        Assert.Equal(5, guids.Distinct().Count());
        Assert.Equal([0, 2, 4, 5], server.SearchRequests.Select(r => r.Start));
    }

    [Fact]
    public async Task A_listing_abandoned_while_a_page_is_read_ahead_cancels_that_page()
    {
        await using var server = await CkanServer.StartAsync();
        server.Add(CkanTestKit.Generated(4));
        var stalled = new TaskCompletionSource();
        server.Intercept = async (context, request) =>
        {
            if (request.Start == 0) return false;
            stalled.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted); // answers only when the client gives up
            return true;
        };
        using var http = new HttpClient();

        var records = new CkanHarvester().GatherAsync(Context(server, http), CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await records.MoveNextAsync());
        await stalled.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // Ends without waiting for the stalled page (which would never come).
        await records.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static GatherContext Context(CkanServer server, HttpClient http) => new(
        new HarvestSource { SourceId = "s", Name = "ckan", Url = server.BaseUrl, Type = CkanHarvester.TypeName },
        new HarvestJob { JobId = "j", SourceId = "s" },
        new JsonObject { ["page_size"] = 2 },
        new RemoteDocuments(http, long.MaxValue));
}
