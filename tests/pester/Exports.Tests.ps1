BeforeAll {
    . (Join-Path $PSScriptRoot 'Harvest.Common.ps1')
    New-HarvestSource -Name parks -Url $Sample -Type datajson -Config '{"default_tags": ["city"]}' | Out-Null
    New-HarvestSource -Name remote -Url 'http://127.0.0.1:9' -Type ckan -Config '{"api_key": "pester-secret"}' | Out-Null
    Invoke-Harvest -Name parks | Out-Null
}

AfterAll {
    $PSDefaultParameterValues.Remove('*-Harvest*:SettingsPath')
}

Describe 'Every output type exports to JSON and CSV' {
    It '<Command> exports to JSON and back, and to CSV with no .NET type names in it' -ForEach @(
        @{ Command = 'Get-HarvestSource'; Type = 'Harvest.Engine.Model.HarvestSource' }
        @{ Command = 'Get-HarvestJob'; Type = 'Harvest.Engine.Model.HarvestJob' }
        @{ Command = 'Get-HarvestJob -Source parks | Get-HarvestJobReport'; Type = 'Harvest.Engine.Model.JobReport' }
        @{ Command = 'Get-HarvestObject -SourceId parks'; Type = 'Harvest.Engine.Model.HarvestObject' }
        @{ Command = 'Get-HarvestDataset'; Type = 'Harvest.Engine.Model.Dataset' }
        @{ Command = 'Get-HarvestSourceType'; Type = 'Harvest.Engine.Harvesters.HarvesterInfo' }
        @{ Command = 'Test-HarvestSource -Name parks'; Type = 'Harvest.Engine.Preview.PreviewRecord' }
        @{ Command = 'Invoke-HarvestImport -Source parks'; Type = 'Harvest.Engine.Jobs.ReimportResult' }
        @{ Command = 'Invoke-HarvestRun'; Type = 'Harvest.Engine.Jobs.RunSummary' }
        @{ Command = 'Initialize-HarvestStore -PassThru'; Type = 'Harvest.Engine.Model.StoreInfo' }
        @{ Command = 'Clear-HarvestLog -PassThru -Confirm:$false'; Type = 'Harvest.Engine.Model.LogCleanResult' }
        @{ Command = 'Clear-HarvestSourceHistory -Name remote -PassThru -Confirm:$false'; Type = 'Harvest.Engine.Model.HistoryClearResult' }
        @{ Command = 'Clear-HarvestQueue -PassThru -Confirm:$false'; Type = 'Harvest.Engine.Consumers.QueuePurgeResult' }
        @{ Command = 'Start-HarvestGatherConsumer -TimeoutSec 1'; Type = 'Harvest.Engine.Consumers.ConsumerSummary' }
    ) {
        $objects = @(Invoke-Expression $Command)
        $objects.Count | Should -BeGreaterThan 0
        $objects[0].PSObject.TypeNames[0] | Should -Be $Type

        $json = $objects | ConvertTo-Json -Depth 6 -WarningAction Stop
        $back = @($json | ConvertFrom-Json)
        $back.Count | Should -Be $objects.Count

        $csv = Join-Path $TestDrive 'export.csv'
        $objects | Export-Csv -Path $csv
        $rows = @(Import-Csv -Path $csv)
        $rows.Count | Should -Be $objects.Count
        foreach ($row in $rows) {
            foreach ($property in $row.PSObject.Properties) {
                $property.Value | Should -Not -BeLike 'System.*' -Because "$($property.Name) of $Type"
                $property.Value | Should -Not -BeLike 'Harvest.*' -Because "$($property.Name) of $Type"
            }
        }
    }

    It 'never exports the api_key' {
        $source = Get-HarvestSource -Name remote
        ($source | ConvertTo-Json) | Should -Not -Match 'pester-secret'
        ($source | ConvertTo-Csv) -join "`n" | Should -Not -Match 'pester-secret'
        ($source | Format-List * | Out-String) | Should -Not -Match 'pester-secret'
        ($source.Config | ConvertFrom-Json).api_key | Should -Be '***'
    }

    It 'exports the lists of a dataset as lists in JSON and as text in CSV' {
        $dataset = Get-HarvestDataset -Name city-parks
        $fromJson = $dataset | ConvertTo-Json -Depth 6 | ConvertFrom-Json
        $fromJson.Tags | Should -Contain 'city'
        $fromJson.Resources.Count | Should -Be 2
        $row = $dataset | ConvertTo-Csv | ConvertFrom-Csv
        $row.Tags -split '; ' | Should -Contain 'city'
        $row.Resources | Should -BeLike 'https://data.example.org/parks.csv*'
    }
}
