BeforeAll {
    . (Join-Path $PSScriptRoot 'Harvest.Common.ps1')
    New-HarvestSource -Name parks -Url $Sample -Type datajson | Out-Null
    New-HarvestSource -Name health-clinics -Url (New-TestCatalog -Name clinics -Identifier c1, c2, c3) -Type datajson | Out-Null
    New-HarvestSource -Name health-labs -Url (New-TestCatalog -Name labs -Identifier l1, l2, l3, l4 -WithoutTitle l4) -Type datajson | Out-Null
    New-HarvestSource -Name gone -Url 'http://127.0.0.1:9/data.json' -Type datajson | Out-Null
}

AfterAll {
    $PSDefaultParameterValues.Remove('*-Harvest*:SettingsPath')
}

Describe 'Get-HarvestSource | Invoke-Harvest over several sources' {
    BeforeAll {
        $script:jobs = Get-HarvestSource | Invoke-Harvest -ErrorVariable script:harvestErrors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
    }

    It 'harvests every source, the unreachable one included, and writes one job each' {
        $jobs.SourceName | Sort-Object | Should -Be @('gone', 'health-clinics', 'health-labs', 'parks')
        $jobs | ForEach-Object { $_.Status | Should -Be 'Finished' }
    }

    It 'writes a GatherFailed error for the source it cannot read and a RecordsErrored error for the one with a bad record' {
        $harvestErrors.FullyQualifiedErrorId | Should -Contain 'GatherFailed,Harvest.PowerShell.Commands.InvokeHarvestCommand'
        $harvestErrors.FullyQualifiedErrorId | Should -Contain 'RecordsErrored,Harvest.PowerShell.Commands.InvokeHarvestCommand'
        ($harvestErrors | Where-Object { $_.FullyQualifiedErrorId -like 'GatherFailed*' }).TargetObject.Name | Should -Be 'gone'
    }

    It 'filters jobs on their typed properties' {
        @(Get-HarvestJob | Where-Object Status -eq 'Finished').Count | Should -Be 4
        (Get-HarvestJob | Where-Object { $_.Stats.Errored -gt 0 }).SourceName | Should -Be 'health-labs'
        (Get-HarvestJob | Where-Object GatherErrorCount -gt 0).SourceName | Should -Be 'gone'
        @(Get-HarvestJob | Where-Object Created -gt (Get-Date).AddMinutes(-10)).Count | Should -Be 4
    }

    It 'filters datasets, objects and sources on their typed properties' {
        @(Get-HarvestDataset | Where-Object Tags -contains 'clinics').Count | Should -Be 3
        @(Get-HarvestDataset | Where-Object { $_.Resources.Url -like '*l2.csv' }).Name | Should -Be 'labs-l2'
        (Get-HarvestObject -SourceId health-labs | Where-Object ReportStatus -eq 'Errored').Guid | Should -Be 'l4'
        (Get-HarvestSource | Where-Object DatasetCount -eq 3).Name | Sort-Object | Should -Be @('health-clinics', 'health-labs', 'parks')
        (Get-HarvestSource | Where-Object LastJobStatus -eq 'Finished').Count | Should -Be 4
    }

    It 'reports the errored records of a job' {
        $report = Get-HarvestJob -Source health-labs | Get-HarvestJobReport
        $report.HasErrors | Should -BeTrue
        $report.ObjectErrors.Guid | Should -Be 'l4'
        $report.Stats.Added | Should -Be 3
    }

    It 'goes on past a source that is disabled and says so' {
        Disable-HarvestSource -Name health-clinics
        $again = Invoke-Harvest -Name health-clinics, parks -ErrorVariable disabled -ErrorAction SilentlyContinue
        $again.SourceName | Should -Be 'parks'
        $again.Stats.NotModified | Should -Be 3
        $disabled[0].FullyQualifiedErrorId | Should -BeLike 'HarvestConflict,*'
        Enable-HarvestSource -Name health-clinics
    }
}

Describe 'Jobs queued for consumers' {
    It 'Start-HarvestJob -Queue | Wait-HarvestJob waits for the consumers running in other runspaces' {
        $consumers = 'Start-HarvestGatherConsumer', 'Start-HarvestFetchConsumer' | ForEach-Object {
            Start-ThreadJob -ArgumentList $ModulePath, $Settings, $_ -ScriptBlock {
                param($module, $settings, $command)
                Import-Module $module
                & $command -SettingsPath $settings -TimeoutSec 60
            }
        }
        try {
            $done = Get-HarvestSource -Name 'health*' | Start-HarvestJob -Queue | Wait-HarvestJob -TimeoutSec 50
            $done.Status | Should -Be @('Finished', 'Finished')
            ($done | Get-HarvestJobReport | Where-Object HasErrors).Source.Name | Should -Be 'health-labs'
        }
        finally {
            $consumers | Stop-Job
            $consumers | Remove-Job -Force
        }
    }

    It 'Wait-HarvestJob gives up on a job nobody queued and says why' {
        $job = Start-HarvestJob -Name parks
        $waited = $job | Wait-HarvestJob -TimeoutSec 1 -ErrorVariable timedOut -ErrorAction SilentlyContinue
        $waited | Should -BeNullOrEmpty
        $timedOut[0].FullyQualifiedErrorId | Should -BeLike 'JobWaitTimeout,*'
        "$($timedOut[0])" | Should -BeLike '*still New*Start-HarvestJob -Queue*'
        $job | Stop-HarvestJob
    }
}

Describe 'A long harvest in a thread job' {
    It 'runs with Start-ThreadJob and Receive-Job gives the finished job' {
        $catalog = New-TestCatalog -Name threaded -Identifier (1..50 | ForEach-Object { "t$_" })
        New-HarvestSource -Name threaded -Url $catalog -Type datajson | Out-Null
        $thread = Start-ThreadJob -ArgumentList $ModulePath, $Settings -ScriptBlock {
            param($module, $settings)
            Import-Module $module
            Invoke-Harvest -Name threaded -SettingsPath $settings
        }
        $job = $thread | Receive-Job -Wait -AutoRemoveJob
        $job.Stats.Added | Should -Be 50
    }

    It 'Stop-Job on the thread job leaves the harvest job Aborted, not Running' {
        $catalog = New-TestCatalog -Name stopped -Identifier (1..4000 | ForEach-Object { "s$_" })
        New-HarvestSource -Name stopped -Url $catalog -Type datajson | Out-Null
        $thread = Start-ThreadJob -ArgumentList $ModulePath, $Settings -ScriptBlock {
            param($module, $settings)
            Import-Module $module
            Invoke-Harvest -Name stopped -SettingsPath $settings
        }
        $deadline = (Get-Date).AddSeconds(60)
        while (-not (Get-HarvestJob -Source stopped -Status Running) -and (Get-Date) -lt $deadline -and $thread.State -in 'NotStarted', 'Running') {
            Start-Sleep -Milliseconds 20
        }
        $thread | Stop-Job
        $thread | Remove-Job -Force
        (Get-HarvestJob -Source stopped -First 1).Status | Should -BeIn @('Aborted', 'Finished')
        Get-HarvestJob -Source stopped -Status Running | Should -BeNullOrEmpty
    }
}
