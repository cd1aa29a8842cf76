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

        var jobColumns = document.Descendants("View").Single(v => v.Element("Name")!.Value == "HarvestJob" && v.Element("TableControl") is not null)
            .Descendants("TableColumnHeader").Select(h => h.Element("Label")!.Value).ToList();
        Assert.Superset(new HashSet<string> { "Source", "Status", "Added", "Updated", "Unchanged", "Deleted", "Errored", "Progress" }, jobColumns.ToHashSet());
    }

    [Fact]
    public void Views_show_a_source_config_only_redacted()
    {
        // A source config may hold an api_key: no view may print it, only RedactedConfig.
        var document = XDocument.Load(ModuleFiles.FormatFile);
        Assert.DoesNotContain(document.Descendants("PropertyName"), p => p.Value == "Config");
        Assert.DoesNotContain(document.Descendants("ScriptBlock"),
            s => s.Value.Replace("RedactedConfig", "", StringComparison.Ordinal).Replace("ConfigKeys", "", StringComparison.Ordinal).Contains("Config", StringComparison.Ordinal));
    }
}
