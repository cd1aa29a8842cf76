using System.Xml.Linq;

namespace Harvest.PowerShell.Tests;

public sealed class ManifestTests
{
    private static readonly string Text = File.ReadAllText(ModuleFiles.Manifest);

    [Fact]
    public void CmdletsToExport_is_exactly_the_cmdlet_classes()
    {
        var exported = ManifestReader.List(Text, "CmdletsToExport");
        Assert.NotNull(exported);
        Assert.DoesNotContain(exported!, name => name.Contains('*'));
        Assert.Equal(ModuleFiles.Cmdlets.Select(c => c.Name).Order(), exported!.Order());
    }

    [Theory]
    [InlineData("FunctionsToExport")]
    [InlineData("AliasesToExport")]
    [InlineData("VariablesToExport")]
    public void Nothing_else_is_exported(string key)
    {
        var values = ManifestReader.List(Text, key);
        Assert.NotNull(values);
        Assert.Empty(values!);
    }

    [Fact]
    public void The_manifest_names_the_module_assembly_and_the_format_file()
    {
        Assert.Equal("Harvest.PowerShell.dll", ManifestReader.Scalar(Text, "RootModule"));
        Assert.Equal(["Harvest.Format.ps1xml"], ManifestReader.List(Text, "FormatsToProcess"));
        Assert.Equal("7.6", ManifestReader.Scalar(Text, "PowerShellVersion"));
    }

    [Fact]
    public void The_format_file_has_table_views_for_sources_jobs_objects_logs_and_datasets()
    {
        var document = XDocument.Load(ModuleFiles.FormatFile);
        var tables = document.Descendants("View")
            .Where(v => v.Element("TableControl") is not null)
            .Select(v => v.Element("ViewSelectedBy")!.Element("TypeName")!.Value)
            .ToHashSet();
        foreach (var type in new[] { "HarvestSource", "HarvestJob", "HarvestObject", "HarvestLogEntry", "Dataset" })
            Assert.Contains($"Harvest.Engine.Model.{type}", tables);

        var jobColumns = document.Descendants("View").Single(v => v.Element("Name")!.Value == "HarvestJob")
            .Descendants("TableColumnHeader").Select(h => h.Element("Label")!.Value).ToList();
        Assert.Superset(new HashSet<string> { "Added", "Updated", "NotModified", "Deleted", "Errored" }, jobColumns.ToHashSet());
    }

    [Fact]
    public void Default_views_never_show_a_source_config()
    {
        // A source config may hold an api_key: no view may print it.
        var document = XDocument.Load(ModuleFiles.FormatFile);
        Assert.DoesNotContain(document.Descendants("PropertyName"), p => p.Value == "Config");
        Assert.DoesNotContain(document.Descendants("ScriptBlock"), s => s.Value.Contains("Config", StringComparison.Ordinal));
    }
}
