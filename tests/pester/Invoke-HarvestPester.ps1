#Requires -Version 7.6
<#
.SYNOPSIS
    Runs the Pester suite in this folder against a built Harvest module, away from the user's store.
.DESCRIPTION
    Imports Pester 5.7.1 (by default the NuGet package that `dotnet restore` of tests/Harvest.PowerShell.Tests brings), points
    every per-user folder the module could use into a temporary folder and drops HARVEST_* variables of the caller, so that
    nothing the suite runs reaches the user's settings or store, then runs every *.Tests.ps1 here. It prints one closing line,
    "pester: N passed, N failed, N skipped", and exits with the number of failures (failed containers count as failures).
    The xunit test PesterSuiteTests runs it, so `dotnet test Harvest.slnx` runs the suite; so does ./build.ps1 -Task Test.
.EXAMPLE
    dotnet pwsh -NoProfile -File tests/pester/Invoke-HarvestPester.ps1 -ModulePath out/Harvest/Harvest.psd1
#>
[CmdletBinding()]
param(
    # The module manifest to test.
    [string] $ModulePath = (Join-Path $PSScriptRoot '../../out/Harvest/Harvest.psd1'),

    # Pester's manifest; by default Pester 5.7.1 from the NuGet packages folder.
    [string] $PesterPath,

    # Where to write the counts as "passed failed skipped" (for CI's closing line), if anywhere.
    [string] $SummaryPath
)

$ErrorActionPreference = 'Stop'

if (-not $PesterPath) {
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $PesterPath = Join-Path $packages 'pester/5.7.1/tools/Pester.psd1'
}
if (-not (Test-Path $PesterPath)) { throw "Pester 5.7.1 is not at ${PesterPath}: run 'dotnet restore tests/Harvest.PowerShell.Tests' first" }
if (-not (Test-Path $ModulePath)) { throw "no Harvest module at ${ModulePath}: build it first ('dotnet publish src/Harvest.PowerShell' or ./build.ps1)" }

# Isolation: a home of its own for the run; the suite's own tests use their TestDrive stores on top of this.
$isolated = New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "harvest-pester-$([guid]::NewGuid().ToString('N'))")
Get-ChildItem env: | Where-Object { $_.Name -like 'HARVEST_*' -and $_.Name -notlike 'HARVEST_TEST_*' } | ForEach-Object { Remove-Item "env:$($_.Name)" }
$env:XDG_DATA_HOME = Join-Path $isolated 'data'
$env:XDG_CONFIG_HOME = Join-Path $isolated 'config'
$env:LOCALAPPDATA = Join-Path $isolated 'local'
$env:APPDATA = Join-Path $isolated 'roaming'
$env:HARVEST_PESTER_MODULE = (Resolve-Path $ModulePath).Path
$env:NO_COLOR = '1'

try {
    Import-Module $PesterPath -RequiredVersion 5.7.1 -Force
    $configuration = New-PesterConfiguration
    $configuration.Run.Path = $PSScriptRoot
    $configuration.Run.PassThru = $true
    $configuration.Output.Verbosity = 'Detailed'
    $configuration.Output.RenderMode = 'Plaintext'
    $result = Invoke-Pester -Configuration $configuration
    $failed = $result.FailedCount + $result.FailedContainersCount + $result.FailedBlocksCount
    if ($SummaryPath) { "$($result.PassedCount) $failed $($result.SkippedCount)" | Set-Content -Path $SummaryPath }
    "pester: $($result.PassedCount) passed, $failed failed, $($result.SkippedCount) skipped"
    exit $failed
}
finally {
    Remove-Item -Recurse -Force $isolated -ErrorAction SilentlyContinue
}
