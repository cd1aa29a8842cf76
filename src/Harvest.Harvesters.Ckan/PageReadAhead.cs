using Harvest.Engine.Http;

namespace Harvest.Harvesters.Ckan;

/// <summary>
/// Reads the next <c>package_search</c> page while the records of the current one are handed out (and the engine writes
/// them to its store), so that downloading and parsing a page overlap the store's work. At most one page is read ahead;
/// one that is not asked for after all (the listing ended or failed, or its query changed) is cancelled.
/// </summary>
internal sealed class PageReadAhead(HarvestHttpClient http, HttpCallOptions options, CancellationToken cancellationToken) : IAsyncDisposable
{
    private (Uri Uri, Task<PackagePage> Page, CancellationTokenSource Cancel)? _ahead;

    public void Start(Uri uri)
    {
        Discard();
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _ahead = (uri, CkanPackageSearch.GetPageAsync(http, uri, options, cancel.Token), cancel);
    }

    /// <summary>The page at <paramref name="uri"/>: the one read ahead when it is that page, else read now.</summary>
    public async Task<PackagePage> GetAsync(Uri uri)
    {
        if (_ahead is not { } ahead || ahead.Uri != uri)
        {
            Discard();
            return await CkanPackageSearch.GetPageAsync(http, uri, options, cancellationToken);
        }
        _ahead = null;
        using (ahead.Cancel) return await ahead.Page;
    }

    public async ValueTask DisposeAsync()
    {
        if (_ahead is not { } ahead) return;
        _ahead = null;
        await ahead.Cancel.CancelAsync();
        try
        {
            await ahead.Page;
        }
        catch (Exception)
        {
            // Nobody wants this page any more: whatever became of it does not matter.
        }
        ahead.Cancel.Dispose();
    }

    private void Discard()
    {
        if (_ahead is not { } ahead) return;
        _ahead = null;
        ahead.Cancel.Cancel();
        // Observed, so that its failure is not reported as unobserved; its token source goes with it.
        _ = ahead.Page.ContinueWith(static (page, cancel) => { _ = page.Exception; ((CancellationTokenSource)cancel!).Dispose(); },
            ahead.Cancel, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
