BeforeAll {
    . (Join-Path $PSScriptRoot 'Harvest.Common.ps1')
    New-HarvestSource -Name parks -Url $Sample -Type datajson | Out-Null
    $script:Nightly = Join-Path $TestDrive 'harvest-nightly.ps1'
    # A scheduled task's script, as an administrator writes one: harvest every source, log a line per job, exit non-zero on trouble.
    @'
param([string] $Module, [string] $Settings, [string] $Log)
Import-Module $Module
$jobs = Get-HarvestSource -SettingsPath $Settings | Invoke-Harvest -SettingsPath $Settings -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
foreach ($job in $jobs) {
    '{0:u} {1} {2}: {3}' -f (Get-Date), $job.SourceName, $job.Status, $job.Stats | Add-Content -Path $Log
}
foreach ($failure in $failures) { '{0:u} ERROR {1}' -f (Get-Date), $failure | Add-Content -Path $Log }
exit [int]($failures.Count -gt 0)
'@ | Set-Content -Path $Nightly
}

AfterAll {
    $PSDefaultParameterValues.Remove('*-Harvest*:SettingsPath')
}

Describe 'A scheduled-task script' {
    It 'harvests, logs a line per job and exits 0 when all went well' {
        $log = Join-Path $TestDrive 'nightly.log'
        $run = Invoke-ChildPwsh -File $Nightly -Arguments '-Module', $ModulePath, '-Settings', $Settings, '-Log', $log
        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        (Get-Content $log) -join "`n" | Should -Match 'parks Finished: added 3, updated 0, not modified 0, deleted 0, errored 0'
    }

    It 'exits 1 and logs the errors when a source fails' {
        New-HarvestSource -Name broken -Url (New-TestCatalog -Name broken -Identifier b1, b2 -WithoutTitle b2) -Type datajson | Out-Null
        $log = Join-Path $TestDrive 'failing.log'
        $run = Invoke-ChildPwsh -File $Nightly -Arguments '-Module', $ModulePath, '-Settings', $Settings, '-Log', $log
        $run.ExitCode | Should -Be 1 -Because ($run.Output -join "`n")
        $lines = (Get-Content $log) -join "`n"
        $lines | Should -Match 'broken Finished: added 1, .* errored 1'
        $lines | Should -Match "ERROR the harvest of 'broken' ended with 1 errored records"
    }

    It 'never wrote into the default store of the user running it' {
        $default = if ($IsWindows) { Join-Path $env:LOCALAPPDATA 'Harvest/harvest.db' } else { Join-Path $env:XDG_DATA_HOME 'harvest/harvest.db' }
        Test-Path $default | Should -BeFalse
    }
}
