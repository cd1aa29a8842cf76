using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harvest.Engine.Harvesters;
using Harvest.Engine.Model;
using Harvest.Engine.Sources;
using Harvest.Harvesters;

namespace Harvest.Engine.Tests.Support;

/// <summary>
/// A harvester whose listing and stages a test scripts: gather lists <see cref="Records"/>; fetch and import
/// run <see cref="Fetch"/> and <see cref="Import"/>, which a test replaces to throw for chosen guids.
/// Record content is <c>{"title": ...}</c>. Register it with <see cref="Registry"/> and pass that to <see cref="TestHarvest"/>.
/// </summary>
public sealed class ScriptedHarvester : IConfigurableHarvester
{
    public const string TypeName = "scripted";

    public HarvesterInfo Info { get; } = new(TypeName, "Scripted", "A harvester scripted by a test.", []);

    /// <summary>What gather lists, in order.</summary>
    public List<GatheredRecord> Records { get; } = [];

    /// <summary>Returns an object's content; by default its gathered content.</summary>
    public Func<HarvestObject, string> Fetch { get; set; } = o => o.Content ?? throw new InvalidOperationException($"no content for '{o.Guid}'");

    /// <summary>Maps an object's content; by default takes its "title".</summary>
    public Func<HarvestObject, DatasetDraft> Import { get; set; } = o => new DatasetDraft
    {
        Title = JsonNode.Parse(o.Content!)!["title"]!.GetValue<string>(),
    };

    public ScriptedHarvester Add(string guid, string title)
    {
        Records.Add(new GatheredRecord { Guid = guid, Content = JsonSerializer.Serialize(new { title }) });
        return this;
    }

    public HarvesterRegistry Registry()
    {
        var registry = BuiltInHarvesters.CreateRegistry(new Settings.HarvestSettings());
        registry.Register(this);
        return registry;
    }

    public ConfigValidation ValidateConfig(JsonObject config) => ConfigValidation.Valid(config);

    public async IAsyncEnumerable<GatheredRecord> GatherAsync(GatherContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var record in Records.ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return record;
        }
    }

    Task<string> IHarvester.FetchAsync(HarvestContext context, HarvestObject harvestObject, CancellationToken cancellationToken) =>
        Task.FromResult(Fetch(harvestObject));

    DatasetDraft IHarvester.Import(HarvestContext context, HarvestObject harvestObject) => Import(harvestObject);

    public string? OriginalUrl(HarvestSource source, HarvestObject harvestObject) => $"https://remote.example/{harvestObject.Guid}";
}
