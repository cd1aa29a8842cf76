using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Harvest.Engine.Harvesters;
using Harvest.Engine.Http;
using Harvest.Engine.Model;
using Harvest.Engine.Store;

namespace Harvest.Engine.Sources;

/// <summary>Creating, changing, deactivating and clearing harvest sources.</summary>
public sealed partial class HarvestSources(IHarvestStore store, HarvesterRegistry registry)
{
    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{1,99}$")]
    private static partial Regex NamePattern();

    public HarvestSource Get(string idOrName) =>
        store.FindSource(idOrName) ?? throw new HarvestNotFoundException(HarvestEntity.Source, $"no harvest source has the id or name '{idOrName}'");

    public IReadOnlyList<HarvestSource> List(bool includeInactive = false) => store.ListSources(includeInactive);

    /// <summary>The source that already harvests this URL as this type, or a new one named after the URL.</summary>
    public HarvestSource FindOrCreate(string url, string type, string? name = null)
    {
        var normalised = SourceUrls.Normalise(url);
        var existing = store.ListSources(includeInactive: true)
            .FirstOrDefault(s => s.Url == normalised && string.Equals(s.Type, type, StringComparison.OrdinalIgnoreCase));
        if (existing is not null) return existing;
        return Create(new NewSourceRequest { Name = name ?? NameFor(normalised), Url = url, Type = type });
    }

    /// <summary>A source name from a URL: the file name of a path, else the host and path.</summary>
    public static string NameFor(string url)
    {
        var text = Uri.TryCreate(url, UriKind.Absolute, out var uri) && !uri.IsFile
            ? uri.Host + uri.AbsolutePath
            : Path.GetFileNameWithoutExtension(RemoteDocuments.LocalPath(url));
        var slug = Import.DatasetNamer.Slug(text.Replace(".data", "", StringComparison.Ordinal).Replace('.', '-'));
        return slug.Length >= 2 ? slug : "source-" + slug;
    }

    public HarvestSource Create(NewSourceRequest request)
    {
        var errors = new List<string>();
        if (!NamePattern().IsMatch(request.Name))
            errors.Add($"name '{request.Name}' must be 2-100 characters of lower case letters, digits, '-' and '_', starting with a letter or digit");
        if (SourceUrls.Problem(request.Url) is { } urlProblem)
            errors.Add(urlProblem);
        if (errors.Count > 0) throw new InvalidSourceException(errors);
        var config = ValidateConfig(request.Type, request.Config);
        var type = registry.Get(request.Type).Info.Name; // types are matched ignoring case; stored as the harvester names itself
        if (store.FindSource(request.Name) is not null)
            throw new HarvestConflictException($"a harvest source named '{request.Name}' already exists");
        if (store.ListSources(includeInactive: true).FirstOrDefault(s => s.Url == NormaliseUrl(request.Url) && s.Type == type) is { } same)
            throw new HarvestConflictException($"harvest source '{same.Name}' already harvests {same.Url} as {same.Type}");

        var now = DateTimeOffset.UtcNow;
        var source = new HarvestSource
        {
            SourceId = Guid.NewGuid().ToString(),
            Name = request.Name,
            Url = NormaliseUrl(request.Url),
            Type = type,
            Title = request.Title ?? request.Name,
            Description = request.Description,
            Frequency = request.Frequency,
            Organization = request.Organization,
            Config = config,
            Active = true,
            Created = now,
            Modified = now,
        };
        store.InsertSource(source);
        return source;
    }

    public HarvestSource Update(string idOrName, SourceUpdateRequest request)
    {
        var source = Get(idOrName);
        if (request.Name is not null && request.Name != source.Name)
        {
            if (!NamePattern().IsMatch(request.Name))
                throw new InvalidSourceException([$"name '{request.Name}' must be 2-100 characters of lower case letters, digits, '-' and '_'"]);
            if (store.FindSource(request.Name) is not null)
                throw new HarvestConflictException($"a harvest source named '{request.Name}' already exists");
        }
        var type = request.Type ?? source.Type;
        var url = request.Url is null ? source.Url : SourceUrls.Normalise(request.Url);
        if ((request.Url is not null || request.Type is not null)
            && store.ListSources(includeInactive: true).FirstOrDefault(s => s.SourceId != source.SourceId && s.Url == url
                && string.Equals(s.Type, registry.Get(type).Info.Name, StringComparison.Ordinal)) is { } same)
            throw new HarvestConflictException($"harvest source '{same.Name}' already harvests {same.Url} as {same.Type}");
        var config = request.Config is not null || request.Type is not null
            ? ValidateConfig(type, request.Config ?? source.Config)
            : source.Config;
        var updated = source with
        {
            Name = request.Name ?? source.Name,
            Url = url,
            Type = registry.Get(type).Info.Name,
            Title = request.Title ?? source.Title,
            Description = request.Description ?? source.Description,
            Frequency = request.Frequency ?? source.Frequency,
            Organization = request.Organization ?? source.Organization,
            Config = config,
            Active = request.Active ?? source.Active,
            Modified = DateTimeOffset.UtcNow,
        };
        using var transaction = store.BeginTransaction();
        if (source.Active && !updated.Active)
            foreach (var job in store.ListJobs(new JobQuery(source.SourceId, JobStatus.New)))
                store.UpdateJob(job with { Status = JobStatus.Aborted, Finished = DateTimeOffset.UtcNow, Stats = store.ComputeStats(job.JobId) });
        store.UpdateSource(updated);
        transaction.Commit();
        return updated;
    }

    /// <summary>Deactivates a source (ckanext-harvest's "source remove"): its New jobs are aborted; datasets stay.</summary>
    public HarvestSource Deactivate(string idOrName) => Update(idOrName, new SourceUpdateRequest { Active = false });

    /// <summary>Removes the source's datasets, jobs and objects; the source stays.</summary>
    public HarvestSource Clear(string idOrName)
    {
        var source = Get(idOrName);
        RefuseWhileRunning(source, "clear");
        store.ClearSource(source.SourceId);
        return source;
    }

    /// <summary>Removes the source with its datasets, jobs and objects.</summary>
    public HarvestSource Delete(string idOrName)
    {
        var source = Get(idOrName);
        RefuseWhileRunning(source, "delete");
        store.DeleteSource(source.SourceId);
        return source;
    }

    /// <summary>Removes finished jobs (all sources when none is named); returns how many went.</summary>
    /// <summary>Removes ended jobs of a source, or of all sources, at most 1000 per call (see <see cref="ClearHistoryBatch"/>); returns how many went.</summary>
    public int ClearHistory(string? idOrName, bool keepCurrent) => ClearHistoryBatch(idOrName, keepCurrent).JobsRemoved;

    /// <summary>clear-history: the oldest ended jobs, at most <paramref name="limit"/>, and how many remain.</summary>
    public HistoryClearResult ClearHistoryBatch(string? idOrName, bool keepCurrent, int limit = Retention.HistoryRetention.BatchLimit)
    {
        var sourceId = idOrName is null ? null : Get(idOrName).SourceId;
        if (limit <= 0) throw new HarvestException($"the limit must be positive, not {limit}");
        var removed = store.ClearHistory(sourceId, keepCurrent, limit);
        return new HistoryClearResult(sourceId, removed) { Remaining = store.CountHistory(sourceId, keepCurrent) };
    }

    public JsonObject ParsedConfig(HarvestSource source) => ConfigReader.Parse(source.Config);

    private string ValidateConfig(string type, string? json)
    {
        var harvester = registry.Get(type);
        var validation = SourceConfig.Validate(harvester, ConfigReader.Parse(json));
        if (!validation.IsValid) throw new InvalidSourceConfigException(validation.Errors);
        return validation.Config!.ToJsonString();
    }

    private void RefuseWhileRunning(HarvestSource source, string action)
    {
        var running = store.ListJobs(new JobQuery(source.SourceId, JobStatus.Running)).FirstOrDefault();
        if (running is not null)
            throw new HarvestConflictException($"cannot {action} source '{source.Name}' while job {running.JobId} is running: abort it first");
    }

    private static string NormaliseUrl(string url) => SourceUrls.Normalise(url);
}

public sealed class InvalidSourceException(IReadOnlyList<string> errors) : HarvestException("invalid source: " + string.Join("; ", errors));
