# Shared by the suite's test files (dot-sourced in their BeforeAll): a store of the test file's own in TestDrive, passed to every
# Harvest cmdlet by $PSDefaultParameterValues as a user's profile would, and small catalogs written as data.json files.

$script:ModulePath = if ($env:HARVEST_PESTER_MODULE) { $env:HARVEST_PESTER_MODULE } else { Join-Path $PSScriptRoot '../../out/Harvest/Harvest.psd1' }
Import-Module $ModulePath -Force

$script:Settings = Join-Path $TestDrive 'settings.json'
@{ database = (Join-Path $TestDrive 'harvest.db') } | ConvertTo-Json | Set-Content -Path $Settings
$PSDefaultParameterValues['*-Harvest*:SettingsPath'] = $Settings
$script:Sample = Join-Path $PSScriptRoot '../../samples/city-parks.data.json'

function New-TestCatalog {
    # Writes a data.json catalog of records with these identifiers; those listed in -WithoutTitle have no title (they error).
    param([string] $Name, [string[]] $Identifier, [string[]] $WithoutTitle = @())
    $records = foreach ($id in $Identifier) {
        $record = [ordered]@{ identifier = $id; description = "About $id"; keyword = @('pester', $Name); publisher = @{ name = 'Pester Agency' } }
        if ($id -notin $WithoutTitle) { $record.title = "$Name $id" }
        $record.distribution = @(@{ downloadURL = "https://example.org/$id.csv"; mediaType = 'text/csv' })
        $record
    }
    $path = Join-Path $TestDrive "$Name.data.json"
    @{ dataset = @($records) } | ConvertTo-Json -Depth 6 | Set-Content -Path $path
    $path
}

function Invoke-ChildPwsh {
    # Runs a script file in a new pwsh process, as a scheduled task or cron would, and returns its exit code and output.
    param([string] $File, [object[]] $Arguments = @(), [hashtable] $Environment = @{})
    $exe = [Environment]::ProcessPath
    $arguments = @('-NoProfile', '-NonInteractive', '-File', $File) + $Arguments
    if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $arguments = @((Join-Path $PSHOME 'pwsh.dll')) + $arguments }
    $saved = @{}
    foreach ($key in $Environment.Keys) { $saved[$key] = [Environment]::GetEnvironmentVariable($key); [Environment]::SetEnvironmentVariable($key, $Environment[$key]) }
    try {
        $output = & $exe @arguments 2>&1 | ForEach-Object { "$_" }
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = @($output) }
    }
    finally {
        foreach ($key in $saved.Keys) { [Environment]::SetEnvironmentVariable($key, $saved[$key]) }
    }
}
