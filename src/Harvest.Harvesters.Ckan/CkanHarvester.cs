using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harvest.Engine.Http;
using Harvest.Engine.Text;
using Harvest.Engine.Model;

namespace Harvest.Harvesters.Ckan;

/// <summary>What an integrator's transform sees of one dataset just before it is created or updated.</summary>
/// <param name="Harvest">The source, job and config.</param>
/// <param name="Object">The harvest object being imported (its id, guid and content).</param>
/// <param name="Package">The remote package dict, parsed (a copy: changing it changes nothing).</param>
public sealed record CkanImportContext(HarvestContext Harvest, HarvestObject Object, JsonObject Package);

/// <summary>
/// ckanext-harvest's <c>modify_package_dict</c>: changes the dataset a remote package dict became, just before
/// the engine creates or updates it. Return the draft to import (the same or a changed copy).
/// </summary>
public delegate DatasetDraft CkanPackageTransform(CkanImportContext context, DatasetDraft draft);

/// <summary>
/// Harvests a remote CKAN site through its action API (<c>package_search</c>), as ckanext-harvest's
/// <c>ckan_harvester</c> does: the source URL is the site's base URL. Package dicts are stored at gather;
/// later harvests ask only for datasets modified since the last error-free job unless <c>force_all</c>.
/// Subclass it and override <see cref="ModifyPackageDict"/>, or add transforms, to adapt datasets.
/// </summary>
public class CkanHarvester : IConfigurableHarvester
{
    public const string TypeName = "ckan";

    /// <summary>How far before the last error-free job's gather start an incremental harvest looks, as ckanext-harvest does.</summary>
    public static readonly TimeSpan IncrementalOverlap = TimeSpan.FromHours(1);

    private readonly List<CkanPackageTransform> _transforms = [];

    private readonly bool _modifiesPackageDicts;

    public CkanHarvester() =>
        _modifiesPackageDicts = GetType().GetMethod(nameof(ModifyPackageDict), BindingFlags.Instance | BindingFlags.NonPublic)!.DeclaringType
            != typeof(CkanHarvester);

    public virtual HarvesterInfo Info { get; } = new(
        TypeName,
        "CKAN",
        "Harvests a remote CKAN site through its action API (package_search), with ckanext-harvest's ckan_harvester config keys. " +
        "The source URL is the site's base URL (e.g. https://data.example.org); the guid of a dataset is its remote id.",
        CkanConfig.Keys);

    /// <summary>Registers a transform run on every dataset of every CKAN source, after <see cref="ModifyPackageDict"/>, in order.</summary>
    public CkanHarvester AddTransform(CkanPackageTransform transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        lock (_transforms) _transforms.Add(transform);
        return this;
    }

    public ConfigValidation ValidateConfig(JsonObject config) => CkanConfig.Validate(config);

    public async IAsyncEnumerable<GatheredRecord> GatherAsync(GatherContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var config = CkanConfig.From(context.Config);
        context.DeleteMissingDatasets = config.DeleteMissing;
        var options = CallOptions(context, config);
        var since = !config.ForceAll && context.LastErrorFreeJob?.GatherStarted is { } lastStart ? lastStart - IncrementalOverlap : (DateTimeOffset?)null;
        var incremental = since is not null;
        context.ListingIsComplete = !incremental;
        var remoteGroups = new RemoteGroupLookup(context, config, options);

        // Only the ids' hashes are kept across pages, so memory follows the number of datasets, not their size.
        var seen = new ListedIds();
        var fq = CkanPackageSearch.FilterQuery(config, since);
        var start = 0;
        IReadOnlyList<string?>? previousIds = null;
        var previousStart = 0;
        var position = 0;
        var withoutId = 0;
        var mostReported = -1;
        await using var readAhead = new PageReadAhead(context.Documents.Http, options, cancellationToken);
        var pagesAsked = 0;
        // Paged until a page comes back empty, as ckanext-harvest does: datasets added on the remote while the listing
        // pages are harvested too, whatever count the first page gave.
        while (true)
        {
            var uri = CkanPackageSearch.PageUri(context.Source.Url, config, fq, start);
            PackagePage page;
            try
            {
                context.CountPage(uri.ToString());
                pagesAsked++;
                page = await readAhead.GetAsync(uri);
            }
            catch (HarvestException) when (incremental && !cancellationToken.IsCancellationRequested)
            {
                // The incremental query failed: ask for everything instead (records already listed are not repeated).
                incremental = false;
                context.ListingIsComplete = true;
                fq = CkanPackageSearch.FilterQuery(config, null);
                start = 0;
                previousIds = null;
                mostReported = -1;
                continue;
            }
            if (page.Packages.Count == 0) break;
            mostReported = Math.Max(mostReported, page.Count);

            var ids = page.Packages.Select(p => p.Id).ToList();
            if (previousIds is not null && ids.SequenceEqual(previousIds))
                throw new CkanApiException(
                    $"{CkanPackageSearch.ActionUrl(context.Source.Url, config.ApiVersion, "package_search")} returned the same datasets for start={start} " +
                    $"as for start={previousStart}: the server ignores paging, so the listing cannot be completed");
            // Not past the page cap: a page the cap refuses is never sent.
            if (pagesAsked < context.MaxPages) readAhead.Start(CkanPackageSearch.PageUri(context.Source.Url, config, fq, start + page.Packages.Count));
            var fresh = 0;
            foreach (var package in page.Packages)
            {
                position++;
                if (package.Id is null)
                {
                    withoutId++;
                    yield return new GatheredRecord
                    {
                        Guid = "", Title = package.Title, Content = package.Json, Error = $"dataset #{position} of the listing (page start={start}) has no id",
                    };
                    continue;
                }
                if (!seen.Add(package.Id)) continue; // listed again on a later page because the remote changed while we paged
                fresh++;
                if (string.Equals(package.Type, "harvest", StringComparison.OrdinalIgnoreCase))
                {
                    yield return GatheredRecord.Skip(package.Id, package.Title, RecordSkipKind.NotADataset, "a harvest source of the remote site, not a dataset");
                    continue;
                }
                yield return new GatheredRecord
                {
                    Guid = package.Id, Title = package.Title, Content = package.Json,
                    Extras = await remoteGroups.ExtrasForAsync(package.Json, cancellationToken),
                };
            }
            if (fresh == 0 && page.Packages.Count >= config.PageSize)
                throw new CkanApiException(
                    $"{CkanPackageSearch.ActionUrl(context.Source.Url, config.ApiVersion, "package_search")} returned only datasets already listed " +
                    $"for start={start}: the server ignores paging, so the listing cannot be completed");

            previousIds = ids;
            previousStart = start;
            start += page.Packages.Count;
        }

        var listed = seen.Count + withoutId;
        if (mostReported > listed)
            context.MarkIncomplete(
                $"{CkanPackageSearch.ActionUrl(context.Source.Url, config.ApiVersion, "package_search")} reported {mostReported} datasets " +
                $"but listed {listed} before an empty page");
    }

    public Task<string> FetchAsync(HarvestContext context, HarvestObject harvestObject, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(harvestObject.Content))
            throw new HarvestException($"dataset '{harvestObject.Guid}' has no content: CKAN package dicts are stored at gather");
        using var document = JsonText.Parse(harvestObject.Content);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new HarvestException($"dataset '{harvestObject.Guid}' is not a JSON object");
        if (JsonText.String(root, "id") != harvestObject.Guid)
            throw new HarvestException($"dataset '{harvestObject.Guid}': the package dict's id does not match");
        if (JsonText.String(root, "title") is null && JsonText.String(root, "name") is null)
            throw new HarvestException($"dataset '{harvestObject.Guid}' has neither a title nor a name");
        return Task.FromResult(harvestObject.Content);
    }

    public DatasetDraft Import(HarvestContext context, HarvestObject harvestObject)
    {
        var config = CkanConfig.From(context.Config);
        var draft = CkanMapper.Map(context, harvestObject, config);
        CkanPackageTransform[] transforms;
        lock (_transforms) transforms = [.. _transforms];
        // The hooks' copy of the package dict is a second, slower parse of every record: made only for a hook.
        if (transforms.Length == 0 && !_modifiesPackageDicts) return draft;
        var package = JsonNode.Parse(harvestObject.Content!)!.AsObject();
        var hookContext = new CkanImportContext(context, harvestObject, package);
        draft = ModifyPackageDict(hookContext, draft);
        foreach (var transform in transforms)
            draft = transform(hookContext, draft) ?? throw new HarvestException("a CKAN package transform returned no dataset");
        return draft;
    }

    /// <summary>
    /// Override to change each dataset just before it is created or updated (ckanext-harvest's
    /// <c>modify_package_dict</c>); the default returns it unchanged. Registered transforms run after it.
    /// </summary>
    protected virtual DatasetDraft ModifyPackageDict(CkanImportContext context, DatasetDraft draft) => draft;

    public string? OriginalUrl(HarvestSource source, HarvestObject harvestObject)
    {
        var baseUrl = CkanPackageSearch.BaseUrl(source.Url);
        if (string.IsNullOrEmpty(harvestObject.Guid)) return baseUrl;
        return $"{baseUrl}/dataset/{Uri.EscapeDataString(harvestObject.Guid)}";
    }

    private static HttpCallOptions CallOptions(HarvestContext context, CkanConfig config) => new()
    {
        Authorization = config.ApiKey,
        RateLimitKey = context.Source.SourceId,
        RequestsPerSecond = config.RateLimit,
        UserAgent = config.UserAgent,
    };
}
