BeforeAll {
    . (Join-Path $PSScriptRoot 'Harvest.Common.ps1')
}

AfterAll {
    $PSDefaultParameterValues.Remove('*-Harvest*:SettingsPath')
}

Describe 'The Harvest module' {
    It 'exports exactly the cmdlets of its manifest' {
        $manifest = Import-PowerShellDataFile $ModulePath
        (Get-Command -Module Harvest).Name | Sort-Object | Should -Be ($manifest.CmdletsToExport | Sort-Object)
    }

    It 'has help with a synopsis and an example for <_>' -ForEach (Import-PowerShellDataFile (Join-Path $PSScriptRoot '../../Harvest.psd1')).CmdletsToExport {
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        @($help.Examples.Example).Count | Should -BeGreaterThan 0
    }

    It 'lists -WhatIf and -Confirm in the help of <_>' -ForEach @('New-HarvestSource', 'Remove-HarvestSource', 'Invoke-Harvest', 'Start-HarvestJob') {
        $help = Get-Help $_ -Full
        $help.parameters.parameter.name | Should -Contain 'WhatIf'
        $help.parameters.parameter.name | Should -Contain 'Confirm'
    }

    It 'completes source names from the store $PSDefaultParameterValues names' {
        New-HarvestSource -Name completion-one -Url $Sample -Type datajson | Out-Null
        $completion = TabExpansion2 -inputScript 'Get-HarvestSource -Name completion-o' -cursorColumn 36
        $completion.CompletionMatches.CompletionText | Should -Be 'completion-one'
    }

    It 'completes job ids and dataset names' {
        $job = Invoke-Harvest -Name completion-one
        $prefix = $job.JobId.Substring(0, 6)
        $jobs = TabExpansion2 -inputScript "Get-HarvestJobReport -JobId $prefix" -cursorColumn (28 + $prefix.Length)
        $jobs.CompletionMatches.CompletionText | Should -Be $job.JobId
        $datasets = TabExpansion2 -inputScript 'Get-HarvestDataset -Name stre' -cursorColumn 29
        $datasets.CompletionMatches.CompletionText | Should -Contain 'street-trees'
    }

    It 'imports again after Remove-Module' {
        Remove-Module Harvest
        Get-Command Get-HarvestSource -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Import-Module $ModulePath
        (Get-HarvestSource -Name completion-one).Name | Should -Be 'completion-one'
    }
}
