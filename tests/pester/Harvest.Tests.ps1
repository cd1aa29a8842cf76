#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# The pipeline scenarios of the module, against the built module in out/Harvest (./build.ps1 -Task Test builds it).

BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $root 'out/Harvest/Harvest.psd1') -Force
    $script:work = Join-Path ([IO.Path]::GetTempPath()) ("harvest-pester-" + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $work | Out-Null
    $script:settings = Join-Path $work 'settings.json'
    @{ database = (Join-Path $work 'harvest.db') } | ConvertTo-Json | Set-Content -Path $settings
    $PSDefaultParameterValues['*-Harvest*:SettingsPath'] = $settings
    $script:sample = Join-Path $root 'samples/city-parks.data.json'

    function New-Catalog([string] $Path, [string[]] $Identifiers) {
        $records = foreach ($id in $Identifiers) {
            @{ identifier = $id; title = "Dataset $id"; description = "About $id"; keyword = @('test'); publisher = @{ name = 'Pester Agency' } }
        }
        @{ dataset = @($records) } | ConvertTo-Json -Depth 5 | Set-Content -Path $Path
    }
}

AfterAll {
    $PSDefaultParameterValues.Remove('*-Harvest*:SettingsPath')
    Remove-Module Harvest -ErrorAction SilentlyContinue
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}

Describe 'Harvest module' {
    It 'exports exactly the cmdlets of the manifest' {
        $manifest = Import-PowerShellDataFile (Join-Path $root 'out/Harvest/Harvest.psd1')
        (Get-Command -Module Harvest).Name | Sort-Object | Should -Be ($manifest.CmdletsToExport | Sort-Object)
    }

    It 'has help with an example for every cmdlet' {
        foreach ($command in Get-Command -Module Harvest) {
            $help = Get-Help $command.Name -Full
            $help.Synopsis | Should -Not -BeNullOrEmpty -Because $command.Name
            @($help.Examples.Example).Count | Should -BeGreaterThan 0 -Because $command.Name
        }
    }

    It 'New-HarvestSource | Invoke-Harvest writes the finished job with its stats' {
        $job = New-HarvestSource -Name demo -Url $sample -Type datajson | Invoke-Harvest
        $job.Status | Should -Be 'Finished'
        $job.Stats.Added | Should -Be 3
        $again = Get-HarvestSource -Name demo | Invoke-Harvest
        $again.Stats.NotModified | Should -Be 3
    }

    It 'Get-HarvestSource -Name with a wildcard | Start-HarvestJob | Wait-HarvestJob | Get-HarvestJobReport' {
        $catalog = Join-Path $work 'health.data.json'
        New-Catalog $catalog 'h1', 'h2'
        New-HarvestSource -Name health-one -Url $catalog -Type datajson | Out-Null
        $jobs = Get-HarvestSource -Name 'health*' | Start-HarvestJob
        $jobs.Status | Should -Be 'New'
        # Nothing consumes jobs in this session: run it as run-test would, in a second pwsh.
        Start-Job { param($m, $s) Import-Module $m; Invoke-Harvest -Name health-one -SettingsPath $s } -ArgumentList (Join-Path $root 'out/Harvest/Harvest.psd1'), $settings | Out-Null
        $report = $jobs | Wait-HarvestJob -TimeoutSec 120 | Get-HarvestJobReport
        $report.Stats.Added | Should -Be 2
        $report.Job.Status | Should -Be 'Finished'
    }

    It 'Get-HarvestJob -Status Running | Stop-HarvestJob aborts running jobs' {
        $catalog = Join-Path $work 'stop.data.json'
        New-Catalog $catalog 's1'
        New-HarvestSource -Name to-stop -Url $catalog -Type datajson | Out-Null
        $job = Start-HarvestJob -Name to-stop
        Get-HarvestJob -Source to-stop -Status New | Stop-HarvestJob -PassThru | ForEach-Object Status | Should -Be 'Aborted'
        (Get-HarvestJob -JobId $job.JobId).Status | Should -Be 'Aborted'
    }

    It 'Get-HarvestObject -JobId -ReportStatus Errored lists the errored records' {
        $catalog = Join-Path $work 'errors.data.json'
        @{ dataset = @(@{ identifier = 'ok'; title = 'Fine' }, @{ identifier = 'ok'; title = 'Repeated' }, @{ title = 'No identifier' }) } |
            ConvertTo-Json -Depth 5 | Set-Content $catalog
        $job = New-HarvestSource -Name with-errors -Url $catalog -Type datajson | Invoke-Harvest
        $job.Stats.Errored | Should -Be 2
        $errored = Get-HarvestObject -JobId $job.JobId -ReportStatus Errored
        @($errored).Count | Should -Be 2
    }

    It 'Get-HarvestDataset -Source demo | Where-Object filters the local catalog' {
        $parks = Get-HarvestDataset -Source demo | Where-Object { $_.Tags -contains 'parks' }
        @($parks).Count | Should -Be 2
    }

    It 'writes ErrorRecords with stable ids' {
        Get-HarvestSource -Name no-such-source -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'SourceNotFound*'
        { New-HarvestSource -Name bad -Url $sample -Type datajson -Config '{"nope": 1}' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidSourceConfig*'
        { Start-HarvestJob -Name demo; Start-HarvestJob -Name demo -ErrorAction Stop } | Should -Throw -ErrorId 'JobAlreadyRunning*'
    }

    It 'never shows a source config in the default view or ToString' {
        $source = Get-HarvestSource -Name demo
        ($source | Format-Table | Out-String) | Should -Not -Match 'Config'
        $source.ToString() | Should -Not -Match '\{'
    }
    It 'Test-HarvestSource previews a URL with a config and writes nothing' {
        $catalog = Join-Path $work 'preview.data.json'
        New-Catalog -Path $catalog -Identifiers 'keep', 'drop'
        $records = Test-HarvestSource -Url $catalog -Config '{"excludes": {"identifier": "drop"}}'
        ($records | Where-Object Guid -eq 'keep').Action | Should -Be 'Create'
        ($records | Where-Object Guid -eq 'drop').Action | Should -Be 'Excluded'
        Get-HarvestSource -Name preview -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'Test-HarvestSource on a harvested source reports its records unchanged' {
        $records = Get-HarvestSource -Name demo | Test-HarvestSource
        @($records).Count | Should -Be 3
        $records | ForEach-Object { $_.Action | Should -Be 'Unchanged' }
    }
}
