#Requires -Version 7.6
<#
.SYNOPSIS
    Builds, tests and packages the Harvest module.
.DESCRIPTION
    Build   lays out the module in out/Harvest (dotnet publish of src/Harvest.PowerShell).
    Test    runs the xunit tests, then the Pester tests in tests/pester against out/Harvest when Pester is installed.
    Package zips out/Harvest into out/Harvest-<version>.zip.
.EXAMPLE
    ./build.ps1 -Task Build
.EXAMPLE
    ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
$moduleFolder = Join-Path $root 'out/Harvest'

function Invoke-Dotnet {
    dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

function Build-Module {
    Invoke-Dotnet publish (Join-Path $root 'src/Harvest.PowerShell/Harvest.PowerShell.csproj') -c $Configuration -o $moduleFolder
}

function Test-Module {
    Invoke-Dotnet test (Join-Path $root 'Harvest.slnx') -c $Configuration
    Build-Module
    if (Get-Module -ListAvailable -Name Pester | Where-Object Version -ge '5.0.0') {
        # A fresh pwsh, so that the tests import the module as users do.
        pwsh -NoProfile -Command "Import-Module Pester -MinimumVersion 5.0.0; `$r = Invoke-Pester -Path '$root/tests/pester' -PassThru -Output Detailed; exit `$r.FailedCount"
        if ($LASTEXITCODE -ne 0) { throw "Pester: $LASTEXITCODE tests failed" }
    }
    else {
        Write-Warning 'Pester 5 is not installed: skipping tests/pester (Install-Module Pester -MinimumVersion 5.0.0)'
    }
}

function New-ModulePackage {
    Build-Module
    $version = (Import-PowerShellDataFile (Join-Path $moduleFolder 'Harvest.psd1')).ModuleVersion
    $zip = Join-Path $root "out/Harvest-$version.zip"
    Compress-Archive -Path $moduleFolder -DestinationPath $zip -Force
    Write-Output (Get-Item $zip)
}

switch ($Task) {
    'Build' { Build-Module }
    'Test' { Test-Module }
    'Package' { New-ModulePackage }
}
