using Harvest.HelpBuilder;

namespace Harvest.PowerShell.Tests;

/// <summary>The cmdlet conventions of the Cmdlet Development Guidelines, checked on the compiled metadata.</summary>
public sealed class CmdletContractTests
{
    /// <summary>PowerShell's approved verbs (Get-Verb).</summary>
    private static readonly HashSet<string> ApprovedVerbs =
    [
        "Add", "Clear", "Close", "Copy", "Enter", "Exit", "Find", "Format", "Get", "Hide", "Join", "Lock", "Move", "New", "Open",
        "Optimize", "Pop", "Push", "Redo", "Remove", "Rename", "Reset", "Resize", "Search", "Select", "Set", "Show", "Skip", "Split",
        "Step", "Switch", "Undo", "Unlock", "Watch", "Connect", "Disconnect", "Read", "Receive", "Send", "Write", "Backup",
        "Checkpoint", "Compare", "Compress", "Convert", "ConvertFrom", "ConvertTo", "Dismount", "Edit", "Expand", "Export", "Group",
        "Import", "Initialize", "Limit", "Merge", "Mount", "Out", "Publish", "Restore", "Save", "Sync", "Unpublish", "Update",
        "Approve", "Assert", "Build", "Complete", "Confirm", "Deny", "Deploy", "Disable", "Enable", "Install", "Invoke", "Register",
        "Request", "Restart", "Resume", "Start", "Stop", "Submit", "Suspend", "Uninstall", "Unregister", "Wait", "Debug", "Measure",
        "Ping", "Repair", "Resolve", "Test", "Trace", "Block", "Grant", "Protect", "Revoke", "Unblock", "Unprotect", "Use",
    ];

    /// <summary>Verbs that only read; every other verb changes state and must support ShouldProcess.</summary>
    private static readonly HashSet<string> ReadOnlyVerbs = ["Get", "Wait", "Find", "Search", "Test", "Measure"];

    private static readonly HashSet<string> Destructive =
        ["Remove-HarvestSource", "Clear-HarvestSource", "Clear-HarvestQueue", "Clear-HarvestSourceHistory", "Clear-HarvestLog"];

    [Fact]
    public void The_module_has_the_cmdlets_the_engine_supports()
    {
        var names = ModuleFiles.Cmdlets.Select(c => c.Name).ToHashSet();
        foreach (var expected in new[]
                 {
                     "Initialize-HarvestStore", "New-HarvestSource", "Get-HarvestSource", "Set-HarvestSource", "Disable-HarvestSource",
                     "Remove-HarvestSource", "Clear-HarvestSource", "Clear-HarvestSourceHistory", "Start-HarvestJob", "Get-HarvestJob",
                     "Stop-HarvestJob", "Wait-HarvestJob", "Get-HarvestJobReport", "Invoke-Harvest", "Invoke-HarvestImport",
                     "Get-HarvestObject", "Get-HarvestDataset", "Get-HarvestSourceType", "Test-HarvestSource",
                 })
            Assert.Contains(expected, names);
    }

    [Theory]
    [MemberData(nameof(ModuleFiles.CmdletNames), MemberType = typeof(ModuleFiles))]
    public void Verbs_are_approved_and_nouns_singular_Harvest_nouns(string name)
    {
        var cmdlet = ModuleFiles.Cmdlet(name);
        Assert.Contains(cmdlet.Verb, ApprovedVerbs);
        Assert.StartsWith("Harvest", cmdlet.Noun, StringComparison.Ordinal);
        Assert.False(cmdlet.Noun.EndsWith('s'), $"{name}: nouns are singular");
    }

    [Theory]
    [MemberData(nameof(ModuleFiles.CmdletNames), MemberType = typeof(ModuleFiles))]
    public void Classes_are_sealed_and_named_for_the_cmdlet(string name)
    {
        var cmdlet = ModuleFiles.Cmdlet(name);
        Assert.Equal($"Harvest.PowerShell.Commands.{cmdlet.Verb}{cmdlet.Noun}Command", cmdlet.TypeName);
        Assert.True(cmdlet.IsSealed, $"{cmdlet.TypeName} must be sealed");
    }

    [Theory]
    [MemberData(nameof(ModuleFiles.CmdletNames), MemberType = typeof(ModuleFiles))]
    public void Every_cmdlet_declares_a_Harvest_output_type(string name)
    {
        var cmdlet = ModuleFiles.Cmdlet(name);
        Assert.NotEmpty(cmdlet.OutputTypes);
        Assert.All(cmdlet.OutputTypes, t => Assert.StartsWith("Harvest.", t, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ModuleFiles.CmdletNames), MemberType = typeof(ModuleFiles))]
    public void State_changes_support_ShouldProcess_and_destructive_ones_confirm_high(string name)
    {
        var cmdlet = ModuleFiles.Cmdlet(name);
        if (!ReadOnlyVerbs.Contains(cmdlet.Verb))
            Assert.True(cmdlet.SupportsShouldProcess, $"{name} changes state: SupportsShouldProcess");
        if (Destructive.Contains(name))
            Assert.Equal("High", cmdlet.ConfirmImpact);
        else
            Assert.NotEqual("High", cmdlet.ConfirmImpact);
    }

    [Theory]
    [MemberData(nameof(ModuleFiles.CmdletNames), MemberType = typeof(ModuleFiles))]
    public void At_most_one_parameter_per_set_takes_the_pipeline_by_value(string name)
    {
        var cmdlet = ModuleFiles.Cmdlet(name);
        foreach (var set in SetNames(cmdlet))
        {
            var byValue = cmdlet.Parameters.Where(p => InSet(p, set) is { ValueFromPipeline: true }).Select(p => p.Name).ToList();
            Assert.True(byValue.Count <= 1, $"{name} set {set}: {string.Join(", ", byValue)} all take the pipeline by value");
        }
    }

    [Fact]
    public void Every_by_property_name_parameter_matches_a_property_of_a_Harvest_output_type()
    {
        var outputProperties = OutputTypeProperties();
        foreach (var cmdlet in ModuleFiles.Cmdlets)
        foreach (var parameter in cmdlet.Parameters.Where(p => p.Sets.Any(s => s.ValueFromPipelineByPropertyName)))
            Assert.True(
                outputProperties.Contains(parameter.Name) || parameter.Aliases.Any(outputProperties.Contains),
                $"{cmdlet.Name} -{parameter.Name} binds by property name, but no Harvest output type has such a property");
    }

    [Theory]
    [MemberData(nameof(ModuleFiles.CmdletNames), MemberType = typeof(ModuleFiles))]
    public void Cmdlets_that_otherwise_return_nothing_have_PassThru(string name)
    {
        // Set, remove, clear, disable, stop and initialize act and return nothing unless asked.
        var cmdlet = ModuleFiles.Cmdlet(name);
        if (cmdlet.Verb is "Set" or "Remove" or "Clear" or "Disable" or "Enable" or "Stop" or "Initialize")
            Assert.Contains(cmdlet.Parameters, p => p.Name == "PassThru" && p.IsSwitch);
    }

    [Theory]
    [MemberData(nameof(ModuleFiles.CmdletNames), MemberType = typeof(ModuleFiles))]
    public void Every_cmdlet_takes_SettingsPath(string name) =>
        Assert.Contains(ModuleFiles.Cmdlet(name).Parameters, p => p.Name == "SettingsPath");

    [Fact]
    public void Selecting_names_support_wildcards()
    {
        Assert.True(Parameter("Get-HarvestSource", "Name").SupportsWildcards);
        Assert.True(Parameter("Get-HarvestDataset", "Name").SupportsWildcards);
        Assert.True(Parameter("Get-HarvestSourceType", "Name").SupportsWildcards);
    }

    private static ParameterMetadata Parameter(string cmdlet, string parameter) =>
        ModuleFiles.Cmdlet(cmdlet).Parameters.Single(p => p.Name == parameter);

    private static IEnumerable<string> SetNames(CmdletMetadata cmdlet)
    {
        var named = cmdlet.Parameters.SelectMany(p => p.Sets).Select(s => s.SetName).Where(s => s != ParameterSetMetadata.AllSets).Distinct().ToList();
        return named.Count == 0 ? [ParameterSetMetadata.AllSets] : named;
    }

    private static ParameterSetMetadata? InSet(ParameterMetadata parameter, string set) =>
        parameter.Sets.FirstOrDefault(s => s.SetName == set) ?? parameter.Sets.FirstOrDefault(s => s.SetName == ParameterSetMetadata.AllSets);

    private static HashSet<string> OutputTypeProperties()
    {
        using var context = CmdletMetadataReader.CreateContext(ModuleFiles.CmdletAssembly, ModuleFiles.AutomationReference);
        var engine = context.LoadFromAssemblyPath(ModuleFiles.EngineAssembly);
        var typeNames = ModuleFiles.Cmdlets.SelectMany(c => c.OutputTypes).ToHashSet();
        return engine.GetTypes().Where(t => typeNames.Contains(t.FullName!))
            .SelectMany(t => t.GetProperties()).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }
}
