BeforeAll {
    . (Join-Path $PSScriptRoot 'Harvest.Common.ps1')
    New-HarvestSource -Name parks -Url $Sample -Type datajson | Invoke-Harvest | Out-Null
}

AfterAll {
    $PSDefaultParameterValues.Remove('*-Harvest*:SettingsPath')
}

Describe 'Start-HarvestServer' {
    It 'serves the harvest API and the catalog until its job is stopped' {
        $thread = Start-ThreadJob -ArgumentList $ModulePath, $Settings -ScriptBlock {
            param($module, $settings)
            Import-Module $module
            Start-HarvestServer -Url 'http://127.0.0.1:0' -SettingsPath $settings
        }
        try {
            $deadline = (Get-Date).AddSeconds(60)
            $info = $null
            while (-not $info -and (Get-Date) -lt $deadline -and $thread.State -in 'NotStarted', 'Running') {
                $info = $thread | Receive-Job
                Start-Sleep -Milliseconds 100
            }
            $info | Should -Not -BeNullOrEmpty -Because ($thread.ChildJobs[0].Error -join '; ')
            $base = @($info.Url)[0].TrimEnd('/')

            (Invoke-RestMethod "$base/api/3/action/status_show").success | Should -BeTrue
            $sources = (Invoke-RestMethod "$base/api/3/action/harvest_source_list").result
            @($sources).name | Should -Contain 'parks'
            (Invoke-RestMethod "$base/data.json").dataset.Count | Should -Be 3
        }
        finally {
            $thread | Stop-Job
        }
        $thread.State | Should -Be 'Stopped'
        { Invoke-RestMethod "$base/api/3/action/status_show" -TimeoutSec 5 } | Should -Throw
        $thread | Remove-Job -Force
    }
}
