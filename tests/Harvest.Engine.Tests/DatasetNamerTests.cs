using System.Text.RegularExpressions;
using Harvest.Engine.Import;
using Harvest.Engine.Model;
using Harvest.Engine.Settings;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests;

/// <summary>Dataset names: slugs of titles, unique, at most 100 characters, with number or random-hex suffixes.</summary>
public sealed partial class DatasetNamerTests
{
    [GeneratedRegex("^[a-z0-9_-]+$")]
    private static partial Regex UsableName();

    [Theory]
    [InlineData("Water Quality", "water-quality")]
    [InlineData("Café Öffentlichkeit – Ñandú", "cafe-offentlichkeit-nandu")]
    [InlineData("Crime, 2019/2020: (Final!)", "crime-2019-2020-final")]
    [InlineData("  --Leading and trailing--  ", "leading-and-trailing")]
    [InlineData("snake_case_TITLE", "snake_case_title")]
    [InlineData("a...b   c", "a-b-c")]
    [InlineData("Straße der Einheit", "strasse-der-einheit")]
    [InlineData("Łódź Æsir Ørsted", "lodz-aesir-orsted")]
    [InlineData("Dân số Việt Nam", "dan-so-viet-nam")]
    [InlineData("Cafe\u0301 decomposed", "cafe-decomposed")]
    [InlineData("!!!", "dataset")]
    [InlineData("数据集", "dataset")]
    public void Slugs_are_lower_case_ascii_with_punctuation_turned_into_single_dashes(string title, string slug) =>
        Assert.Equal(slug, DatasetNamer.Slug(title));

    [Fact]
    public void A_long_title_is_cut_to_100_characters_without_a_trailing_dash()
    {
        var slug = DatasetNamer.Slug(string.Join(" ", Enumerable.Repeat("abcdefghi", 30)));

        Assert.True(slug.Length <= DatasetNamer.MaxLength, $"{slug.Length} characters");
        Assert.StartsWith("abcdefghi-abcdefghi", slug);
        Assert.False(slug.EndsWith('-'));
        Assert.Equal(new string('x', 100), DatasetNamer.Slug(new string('x', 250)));
    }

    [Fact]
    public void A_clash_gets_the_next_free_number()
    {
        using var harvest = new TestHarvest();
        var namer = new DatasetNamer(harvest.Engine.Store, DatasetNameSuffixes.Number);

        var names = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            names.Add(namer.UniqueName("Water Quality"));
            Take(harvest, names[^1]);
        }

        Assert.Equal(["water-quality", "water-quality-1", "water-quality-2", "water-quality-3"], names);
    }

    [Fact]
    public void A_suffix_on_a_100_character_slug_keeps_the_name_within_100_characters()
    {
        using var harvest = new TestHarvest();
        var namer = new DatasetNamer(harvest.Engine.Store, DatasetNameSuffixes.Number);
        var title = new string('a', 120);

        var names = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            names.Add(namer.UniqueName(title));
            Take(harvest, names[^1]);
        }

        Assert.Equal(new string('a', 100), names[0]);
        Assert.Equal(new string('a', 98) + "-1", names[1]);
        Assert.Equal(new string('a', 97) + "-10", names[10]);
        Assert.All(names, n => Assert.True(n.Length <= DatasetNamer.MaxLength, $"'{n}' is {n.Length} characters"));
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public void A_cut_before_a_suffix_does_not_leave_a_double_dash()
    {
        using var harvest = new TestHarvest();
        var namer = new DatasetNamer(harvest.Engine.Store, DatasetNameSuffixes.Number);
        // The slug has a dash at position 98, where the cut for "-1" falls.
        var title = new string('a', 98) + " " + new string('b', 20);
        var first = namer.UniqueName(title);
        Take(harvest, first);

        var second = namer.UniqueName(title);

        Assert.Equal(100, first.Length);
        Assert.Equal(new string('a', 98) + "-1", second);
        Assert.DoesNotContain("--", second);
    }

    [Fact]
    public void Random_hex_style_appends_a_dash_and_five_hex_digits()
    {
        using var harvest = new TestHarvest();
        var namer = new DatasetNamer(harvest.Engine.Store, DatasetNameSuffixes.RandomHex);
        Take(harvest, namer.UniqueName("Water Quality"));

        var names = Enumerable.Range(0, 5).Select(_ =>
        {
            var name = namer.UniqueName("Water Quality");
            Take(harvest, name);
            return name;
        }).ToList();

        Assert.All(names, n => Assert.Matches("^water-quality-[0-9a-f]{5}$", n));
        Assert.Equal(5, names.Distinct().Count());
        var longName = namer.UniqueName(new string('z', 150));
        Take(harvest, longName);
        var longClash = namer.UniqueName(new string('z', 150));
        Assert.Matches("^z{94}-[0-9a-f]{5}$", longClash);
    }

    [Theory]
    [InlineData("Search")]
    [InlineData("New")]
    [InlineData("A")]
    [InlineData("!!!")]
    [InlineData("")]
    public void Reserved_or_too_short_titles_still_get_a_usable_name(string title)
    {
        using var harvest = new TestHarvest();
        var namer = new DatasetNamer(harvest.Engine.Store, DatasetNameSuffixes.Number);

        var name = namer.UniqueName(title);

        Assert.Matches(UsableName(), name);
        Assert.True(name.Length >= 2, name);
        Assert.DoesNotContain(name, new[] { "new", "edit", "search", "dataset", "a" });
        Take(harvest, name);
        Assert.NotEqual(name, namer.UniqueName(title));
    }

    [Theory]
    [InlineData("Search")]
    [InlineData("A")]
    public void Random_hex_style_also_names_reserved_and_short_titles(string title)
    {
        using var harvest = new TestHarvest();
        var namer = new DatasetNamer(harvest.Engine.Store, DatasetNameSuffixes.RandomHex);

        Assert.Matches($"^{DatasetNamer.Slug(title)}-[0-9a-f]{{5}}$", namer.UniqueName(title));
    }

    [Fact]
    public async Task Harvested_datasets_named_after_the_same_title_get_numbered_names()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog(
            DataJsonBuilder.Record("1", "Budget"), DataJsonBuilder.Record("2", "Budget"), DataJsonBuilder.Record("3", "Budget!"),
            DataJsonBuilder.Record("4", "Search"), DataJsonBuilder.Record("5", "A"), DataJsonBuilder.Record("6", "!!!"))));

        var report = await harvest.RunAsync();

        Assert.Equal(6, report.Stats.Added);
        string NameOf(string guid) => harvest.Engine.Store.FindDatasetByGuid(report.SourceId, guid)!.Name;
        Assert.Equal("budget", NameOf("1"));
        Assert.Equal("budget-1", NameOf("2"));
        Assert.Equal("budget-2", NameOf("3"));
        Assert.Equal("search-1", NameOf("4"));
        Assert.Equal("a-1", NameOf("5"));
        Assert.Equal("dataset-1", NameOf("6"));
    }

    [Fact]
    public async Task Harvest_with_random_hex_setting_names_clashes_with_hex_suffixes()
    {
        using var harvest = new TestHarvest(s => s with { DatasetNameSuffix = DatasetNameSuffixes.RandomHex });
        harvest.AddSource(harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog(
            DataJsonBuilder.Record("1", "Budget"), DataJsonBuilder.Record("2", "Budget"))));

        var report = await harvest.RunAsync();

        Assert.Equal("budget", harvest.Engine.Store.FindDatasetByGuid(report.SourceId, "1")!.Name);
        Assert.Matches("^budget-[0-9a-f]{5}$", harvest.Engine.Store.FindDatasetByGuid(report.SourceId, "2")!.Name);
    }

    [Fact]
    public async Task A_dataset_keeps_its_name_when_its_title_changes()
    {
        using var harvest = new TestHarvest();
        var path = harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Old Title")));
        harvest.AddSource(path);
        await harvest.RunAsync();
        var before = harvest.Engine.Dataset("old-title");

        File.WriteAllText(path, DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Completely New Title")));
        var report = await harvest.RunAsync();

        Assert.Equal(1, report.Stats.Updated);
        var after = harvest.Engine.Dataset(before.DatasetId);
        Assert.Equal("old-title", after.Name);
        Assert.Equal("Completely New Title", after.Title);
        Assert.Null(harvest.Engine.Store.FindDataset("completely-new-title"));
    }

    [Fact]
    public async Task Records_of_two_sources_sharing_a_title_get_distinct_names()
    {
        using var harvest = new TestHarvest();
        harvest.AddSource(harvest.WriteFile("one.json", DataJsonBuilder.Catalog(DataJsonBuilder.Record("same-id", "Shared Title"))), name: "one");
        harvest.AddSource(harvest.WriteFile("two.json", DataJsonBuilder.Catalog(DataJsonBuilder.Record("same-id", "Shared Title"))), name: "two");

        var one = await harvest.RunAsync("one");
        var two = await harvest.RunAsync("two");

        Assert.Equal(1, one.Stats.Added);
        Assert.Equal(1, two.Stats.Added);
        Assert.Equal("shared-title", harvest.Engine.Store.FindDatasetByGuid(one.SourceId, "same-id")!.Name);
        Assert.Equal("shared-title-1", harvest.Engine.Store.FindDatasetByGuid(two.SourceId, "same-id")!.Name);
        // A later run of either source keeps each its own dataset.
        Assert.Equal(1, (await harvest.RunAsync("one")).Stats.NotModified);
        Assert.Equal(2, harvest.Engine.Datasets().Count);
    }

    private static void Take(TestHarvest harvest, string name) => harvest.Engine.Store.InsertDataset(new Dataset
    {
        DatasetId = Guid.NewGuid().ToString(), Name = name, Title = name,
        MetadataCreated = DateTimeOffset.UtcNow, MetadataModified = DateTimeOffset.UtcNow,
    });
}
