#Requires -Version 7.6
<#
.SYNOPSIS
    Builds, tests and packages the Harvest module.
.DESCRIPTION
    Build   lays out the module in out/Harvest (dotnet publish of src/Harvest.PowerShell).
    Test    runs `dotnet test Harvest.slnx` (the xunit tests, which host the module in real PowerShell and run the Pester suite),
            then the Pester suite in tests/pester once more against out/Harvest.
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
    # The one test command: the xunit tests host the module in real PowerShell, and one of them runs the Pester suite in
    # tests/pester with pwsh from the tool manifest (dotnet tool restore) and Pester 5.7.1 from NuGet.
    Invoke-Dotnet tool restore
    Invoke-Dotnet test (Join-Path $root 'Harvest.slnx') -c $Configuration
    # And the suite once more against out/Harvest, the folder this script builds, with Pester's own report.
    Build-Module
    $pester = Join-Path $root 'tests/pester/Invoke-HarvestPester.ps1'
    & ([Environment]::ProcessPath) @(if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' }) `
        -NoProfile -NonInteractive -File $pester -ModulePath (Join-Path $moduleFolder 'Harvest.psd1')
    if ($LASTEXITCODE -ne 0) { throw "Pester: $LASTEXITCODE tests failed" }
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
