using Harvest.Engine.Consumers;
using Harvest.Engine.Harvesters;
using Harvest.Engine.Logging;
using Harvest.Engine.Model;
using Harvest.Engine.Queues;
using Harvest.Engine.Settings;
using Harvest.Engine.Sources;
using Harvest.Engine.Tests.Support;
using Harvest.Harvesters;

namespace Harvest.Engine.Tests.Plugins;

/// <summary>A harvester type from a plug-in assembly, loaded by the settings' harvester_assemblies, runs like a built-in one.</summary>
public sealed class PluginHarvesterTests
{
    private static TestHarvest WithPlugin(string? path = null) =>
        new(s => s with { HarvesterAssemblies = [path ?? SamplePlugin.Assembly] });

    [Fact]
    public void The_plugin_type_is_listed_with_the_file_it_came_from_beside_the_built_in_types()
    {
        using var harvest = WithPlugin();
        var types = harvest.Engine.Registry.List();
        Assert.Equal(["ckan", "csv", "csw", "datajson", "dcat", "waf"], types.Select(t => t.Name));
        var csv = types.Single(t => t.Name == "csv");
        Assert.Equal(SamplePlugin.Assembly, csv.Assembly);
        Assert.Equal(["delimiter", "default_tags", "notification_emails", "max_delete_percent", "force_delete", "conditional_get"], csv.ConfigKeys.Select(k => k.Key));
        Assert.All(types.Where(t => t.Name != "csv"), t => Assert.Null(t.Assembly));
    }

    [Fact]
    public async Task A_plugin_source_harvests_then_reports_every_row_not_modified()
    {
        using var harvest = WithPlugin();
        harvest.Engine.Sources.Create(new NewSourceRequest
        {
            Name = "trees", Url = SamplePlugin.Catalog, Type = "CSV", Config = """{"default_tags": ["city"], "notification_emails": "ops@example.org"}""",
        });

        var first = await harvest.Engine.Jobs.RunNowAsync("trees");
        Assert.Equal((3, 0, 0), (first.Job.Stats.Added, first.Job.Stats.NotModified, first.Job.Stats.Errored));
        var trees = harvest.Engine.Datasets("trees").Single(d => d.Guid == "trees-2024");
        Assert.Equal("Street tree inventory 2024", trees.Title);
        Assert.Equal(["trees", "urban forestry", "inventory", "city"], trees.Tags);
        Assert.Equal("parks-department", trees.Organization);
        Assert.Equal("csv", harvest.Engine.Sources.Get("trees").Type);

        var second = await harvest.Engine.Jobs.RunNowAsync("trees");
        Assert.Equal((0, 3, 0), (second.Job.Stats.Added, second.Job.Stats.NotModified, second.Job.Stats.Errored));
    }

    [Fact]
    public async Task A_folder_of_plugins_is_searched_for_harvester_types()
    {
        using var harvest = WithPlugin(SamplePlugin.Folder);
        harvest.Engine.Sources.Create(new NewSourceRequest { Name = "trees", Url = SamplePlugin.Catalog, Type = "csv" });
        Assert.Equal(3, (await harvest.Engine.Jobs.RunNowAsync("trees")).Job.Stats.Added);
    }

    [Fact]
    public void A_plugin_config_is_checked_by_the_types_its_keys_declare()
    {
        using var harvest = WithPlugin();
        var error = Assert.Throws<InvalidSourceConfigException>(() => harvest.Engine.Sources.Create(new NewSourceRequest
        {
            Name = "trees", Url = SamplePlugin.Catalog, Type = "csv", Config = """{"delimiter": 5, "default_tags": {"a": 1}, "colour": "green"}""",
        }));
        Assert.Equal(3, error.Errors.Count);
        Assert.Contains("'delimiter' must be a string", error.Errors);
        Assert.Contains("'default_tags' must be a list of strings", error.Errors);
        Assert.Contains(error.Errors, e => e.StartsWith("unknown key 'colour' (known keys: delimiter, default_tags)", StringComparison.Ordinal));
        Assert.Empty(harvest.Engine.Sources.List(includeInactive: true));
    }

    [Fact]
    public async Task Gather_and_fetch_consumers_run_a_plugin_job()
    {
        using var harvest = WithPlugin();
        harvest.Engine.Sources.Create(new NewSourceRequest { Name = "trees", Url = SamplePlugin.Catalog, Type = "csv" });
        var job = harvest.Engine.Jobs.Create("trees");
        await using (var queue = await harvest.Engine.OpenQueueAsync())
            Assert.Equal(1, (await harvest.Engine.Scheduler.RunAsync(queue, DateTimeOffset.UtcNow)).JobsQueued);

        using var stop = new CancellationTokenSource();
        var consumers = new[] { HarvestQueueKind.Gather, HarvestQueueKind.Fetch }
            .Select(kind => new ConsumerHost(harvest.Settings, BuiltInHarvesters.CreateRegistry(harvest.Settings), kind, 1, SilentOutput.Instance).RunAsync(stop.Token))
            .ToList();
        await Eventually.TrueAsync(() => harvest.Engine.Jobs.Get(job.JobId).Status == JobStatus.Finished, "the plug-in job to finish");
        stop.Cancel();
        await Task.WhenAll(consumers);

        Assert.Equal((3, 0), (harvest.Engine.Jobs.Get(job.JobId).Stats.Added, harvest.Engine.Jobs.Get(job.JobId).Stats.Errored));
    }

    [Fact]
    public async Task Without_the_plugin_run_test_fails_naming_the_type_and_leaves_no_job()
    {
        using var harvest = WithPlugin();
        harvest.Engine.Sources.Create(new NewSourceRequest { Name = "trees", Url = SamplePlugin.Catalog, Type = "csv" });
        using var without = new HarvestEngine(harvest.Settings with { HarvesterAssemblies = [] }, registry: BuiltInHarvesters.CreateRegistry(new HarvestSettings()));

        var error = await Assert.ThrowsAsync<UnknownSourceTypeException>(() => without.Jobs.RunNowAsync("trees"));

        Assert.StartsWith("unknown source type 'csv' (known types: ckan, csw, datajson, dcat, waf;", error.Message);
        Assert.Empty(harvest.Engine.Jobs.List("trees"));
    }

    [Fact]
    public async Task A_gather_consumer_without_the_plugin_finishes_the_job_with_a_gather_error_naming_the_type()
    {
        using var harvest = WithPlugin();
        harvest.Engine.Sources.Create(new NewSourceRequest { Name = "trees", Url = SamplePlugin.Catalog, Type = "csv" });
        var job = harvest.Engine.Jobs.Create("trees");
        await using (var queue = await harvest.Engine.OpenQueueAsync())
            await harvest.Engine.Scheduler.RunAsync(queue, DateTimeOffset.UtcNow);

        var settings = harvest.Settings with { HarvesterAssemblies = [] };
        using var stop = new CancellationTokenSource();
        var gather = new ConsumerHost(settings, BuiltInHarvesters.CreateRegistry(settings), HarvestQueueKind.Gather, 1, SilentOutput.Instance);
        var running = gather.RunAsync(stop.Token);
        await Eventually.TrueAsync(() => harvest.Engine.Jobs.Get(job.JobId).Status == JobStatus.Finished, "the job to end");
        stop.Cancel();
        await running;

        var report = harvest.Engine.Jobs.Report(job.JobId);
        var message = Assert.Single(report.GatherErrors).Message;
        Assert.Contains("unknown source type 'csv'", message);
        Assert.Equal(1, gather.Processed);
        await using var after = await harvest.Engine.OpenQueueAsync();
        Assert.Equal(0, await after.CountAsync(HarvestQueueKind.Gather));
    }

    [Fact]
    public void A_missing_plugin_path_is_a_settings_error_naming_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-plugin-" + Guid.NewGuid().ToString("N") + ".dll");
        var error = Assert.Throws<HarvestSettingsException>(() => BuiltInHarvesters.CreateRegistry(new HarvestSettings { HarvesterAssemblies = [missing] }));
        Assert.Equal($"harvester_assemblies: '{missing}' does not exist", error.Message);
    }

    [Fact]
    public void An_assembly_without_harvester_types_is_a_settings_error()
    {
        var commandLine = Path.Combine(AppContext.BaseDirectory, "System.CommandLine.dll");
        var error = Assert.Throws<HarvestSettingsException>(() => BuiltInHarvesters.CreateRegistry(new HarvestSettings { HarvesterAssemblies = [commandLine] }));
        Assert.StartsWith($"harvester_assemblies: '{commandLine}' holds no harvester type", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_an_assembly_is_a_settings_error()
    {
        var error = Assert.Throws<HarvestSettingsException>(() => BuiltInHarvesters.CreateRegistry(new HarvestSettings { HarvesterAssemblies = [SamplePlugin.Catalog] }));
        Assert.StartsWith($"harvester_assemblies: '{SamplePlugin.Catalog}' cannot be loaded", error.Message);
    }

    [Fact]
    public void A_plugin_type_cannot_take_a_built_in_name()
    {
        var registry = BuiltInHarvesters.CreateRegistry(new HarvestSettings());
        var error = Assert.Throws<HarvestConflictException>(() => registry.Register(new Harvest.Harvesters.DataJson.DataJsonHarvester()));
        Assert.StartsWith("a harvester named 'datajson' is already registered", error.Message);
    }
}
