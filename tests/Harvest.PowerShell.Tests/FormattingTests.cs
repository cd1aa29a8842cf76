using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Harvest.PowerShell.Tests;

/// <summary>What a user sees and exports: views that fit, secrets that never show, lists that read as text, typed objects.</summary>
public sealed class FormattingTests : IDisposable
{
    private readonly PwshSession _session = new();

    public FormattingTests()
    {
        File.WriteAllText(Path.Combine(_session.Folder, "mixed.data.json"), Catalogs.DataJson("mixed", 6, invalid: 2));
        _session.Run("""
            New-HarvestSource -Name city-parks-and-recreation -Url (Join-Path $samples city-parks.data.json) -Type datajson | Invoke-Harvest | Out-Null
            New-HarvestSource -Name mixed -Url ./mixed.data.json -Type datajson | Invoke-Harvest -ErrorAction SilentlyContinue | Out-Null
            """).ThrowIfFailed();
    }

    public void Dispose() => _session.Dispose();

    [Theory]
    [InlineData("Get-HarvestJob", new[] { "Source", "Status", "Added", "Updated", "Unchanged", "Deleted", "Errored", "Time", "Progress", "Id" })]
    [InlineData("Get-HarvestSource", new[] { "Name", "Type", "Active", "Frequency", "LastJob", "LastRun", "Datasets", "Url" })]
    [InlineData("Get-HarvestDataset", new[] { "Name", "State", "Organization", "Modified", "Title" })]
    [InlineData("Get-HarvestObject", new[] { "Guid", "State", "ReportStatus", "Current", "Gathered", "ObjectId" })]
    [InlineData("Get-HarvestSourceType", new[] { "Name", "Title", "ConfigKeys", "Description" })]
    public void Default_tables_fit_120_columns_with_every_column(string command, string[] columns)
    {
        var text = _session.Run($"{command} | Out-String -Width 120").ThrowIfFailed().Output.Single().ToString();

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.All(lines, l => Assert.True(l.Length <= 120, $"{l.Length} columns: {l}"));
        var header = lines.First(l => l.TrimStart().StartsWith(columns[0], StringComparison.Ordinal));
        Assert.Equal(columns, header.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void The_job_table_shows_source_status_and_every_count_in_80_columns_as_a_redirected_pwsh_does()
    {
        var text = _session.Run("Get-HarvestJob | Out-String -Width 80").ThrowIfFailed().Output.Single().ToString();

        Assert.Contains("Source         Status   Added Updated Unchanged Deleted Errored", text);
        Assert.Matches(@"mixed\s+Finished\s+4\s+0\s+0\s+0\s+2", text);
        Assert.Matches(@"city-parks-an…\s+Finished\s+3\s+0\s+0\s+0\s+0", text);
    }

    [Fact]
    public void The_source_table_shows_the_last_job_and_the_dataset_count()
    {
        var text = _session.Run("Get-HarvestSource mixed | Out-String -Width 120").ThrowIfFailed().Output.Single().ToString();

        Assert.Matches(@"mixed\s+datajson\s+True\s+Manual\s+Finished\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+4 ", text);
    }

    [Theory]
    [InlineData("Get-HarvestJob -Source mixed", "JobId", "Stats")]
    [InlineData("Get-HarvestSource mixed", "SourceId", "DatasetCount")]
    [InlineData("Get-HarvestDataset -Name mixed-dataset-3", "DatasetId", "Extras")]
    [InlineData("Get-HarvestJob -Source mixed | Get-HarvestJobReport", "JobId", "Timings")]
    public void Format_List_shows_the_rest(string command, string first, string other)
    {
        var text = _session.Run($"{command} | Format-List | Out-String").ThrowIfFailed().Output.Single().ToString();

        Assert.Matches($@"(?m)^{first}\s+:", text);
        Assert.Matches($@"(?m)^{other}\s+:", text);
    }

    [Fact]
    public async Task The_api_key_never_shows_in_Format_List_star_ConvertTo_Json_or_ConvertTo_Csv_and_stays_in_use()
    {
        var authorizations = new ConcurrentQueue<string>();
        await using var ckan = await LoopbackServer.StartAsync(async context =>
        {
            authorizations.Enqueue(context.Request.Headers.Authorization.ToString());
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"success": true, "result": {"count": 0, "results": []}}""");
        });
        _session.SetVariable("url", ckan.BaseUrl);
        var created = _session.Run("""New-HarvestSource -Name remote -Url $url -Type ckan -Config '{"api_key": "s3cret-key", "page_size": 10}'""").ThrowIfFailed();

        _session.SetVariable("created", created.Output.Single());
        foreach (var (shown, showsConfig) in new[]
                 {
                     ("$created | Format-List * | Out-String", true), ("Get-HarvestSource remote | Format-List * | Out-String", true),
                     ("Get-HarvestSource remote | ConvertTo-Json", true), ("Get-HarvestSource remote | ConvertTo-Csv", true),
                     ("Get-HarvestSource remote | Format-List | Out-String", true), ("Get-HarvestSource remote | Out-String", false),
                     ("Set-HarvestSource remote -Title Remote -PassThru | ConvertTo-Json", true), ("(Get-HarvestSource remote).ToString()", false),
                 })
        {
            var text = string.Join("\n", _session.Run(shown).ThrowIfFailed().Output.Select(o => o.ToString()));
            Assert.DoesNotContain("s3cret-key", text);
            if (showsConfig) Assert.Contains("***", text);
        }

        // The masked config given back, with another key changed, keeps the stored key: the remote still gets it.
        _session.Run("""
            $source = Get-HarvestSource remote
            $config = $source.Config | ConvertFrom-Json
            $config.page_size = 20
            Set-HarvestSource remote -Config ($config | ConvertTo-Json -Compress)
            Test-HarvestSource -Name remote | Out-Null
            """).ThrowIfFailed();
        Assert.Contains("s3cret-key", authorizations.Last());
        Assert.Contains("20", _session.Run("(Get-HarvestSource remote).Config").Output.Single().ToString());
    }

    [Fact]
    public void Export_Csv_writes_tags_resources_and_extras_as_text()
    {
        _session.Run("Get-HarvestDataset -Source mixed | Export-Csv ./datasets.csv").ThrowIfFailed();

        var rows = _session.Run("Import-Csv ./datasets.csv").ThrowIfFailed().Output;
        Assert.Equal(4, rows.Count);
        var row = rows.Single(r => r.Properties["Name"].Value.ToString() == "mixed-dataset-3");
        Assert.Equal("mixed; test", row.Properties["Tags"].Value);
        Assert.Equal("https://example.org/mixed-3.csv", row.Properties["Resources"].Value);
        Assert.Contains("identifier=mixed-3", row.Properties["Extras"].Value?.ToString());
        Assert.DoesNotContain(rows.SelectMany(r => r.Properties).Select(p => p.Value?.ToString() ?? ""), v => v.StartsWith("System.", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_output_object_carries_a_Harvest_type_name()
    {
        var script = """
            Get-HarvestSource mixed
            Get-HarvestJob -Source mixed
            Get-HarvestJob -Source mixed | Get-HarvestJobReport
            Get-HarvestObject -SourceId (Get-HarvestSource mixed).SourceId
            Get-HarvestDataset -Source mixed
            Get-HarvestSourceType
            Test-HarvestSource -Name mixed
            Invoke-HarvestImport -Source mixed -Confirm:$false
            Initialize-HarvestStore -PassThru
            Clear-HarvestLog -PassThru -Confirm:$false
            Clear-HarvestSourceHistory -Name mixed -KeepCurrent -PassThru -Confirm:$false
            Invoke-HarvestRun
            Clear-HarvestQueue -PassThru -Confirm:$false
            Start-HarvestFetchConsumer -TimeoutSec 1
            Get-HarvestLog
            """;
        var output = _session.Run(script).ThrowIfFailed().Output;

        Assert.True(output.Count > 20);
        Assert.All(output, o => Assert.StartsWith("Harvest.", o.TypeNames[0], StringComparison.Ordinal));
    }
}
