@{
    RootModule           = 'Harvest.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Core')
    GUID                 = '5b0e7c61-3d4a-4f7e-9c2b-8a1f6d2e4b97'
    Author               = 'Harvest contributors'
    Copyright            = '(c) Harvest contributors'
    Description          = 'Harvest open-data catalogs (CKAN, DCAT-US data.json) into a local catalog: sources, jobs, objects and datasets as pipeline objects.'
    PowerShellVersion    = '7.6'
    FormatsToProcess     = @('Harvest.Format.ps1xml')
    CmdletsToExport      = @(
        'Clear-HarvestLog'
        'Clear-HarvestQueue'
        'Clear-HarvestSource'
        'Clear-HarvestSourceHistory'
        'Disable-HarvestSource'
        'Enable-HarvestSource'
        'Get-HarvestDataset'
        'Get-HarvestJob'
        'Get-HarvestJobReport'
        'Get-HarvestLog'
        'Get-HarvestObject'
        'Get-HarvestOrphanedDataset'
        'Get-HarvestSource'
        'Get-HarvestSourceType'
        'Initialize-HarvestStore'
        'Invoke-Harvest'
        'Invoke-HarvestFetch'
        'Invoke-HarvestGather'
        'Invoke-HarvestImport'
        'Invoke-HarvestRun'
        'New-HarvestSource'
        'Publish-HarvestOrphanedDataset'
        'Remove-HarvestOrphanedDataset'
        'Remove-HarvestSource'
        'Set-HarvestSource'
        'Start-HarvestFetchConsumer'
        'Start-HarvestGatherConsumer'
        'Start-HarvestJob'
        'Start-HarvestServer'
        'Stop-HarvestJob'
        'Test-HarvestSource'
        'Wait-HarvestJob'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags = @('harvest', 'ckan', 'dcat', 'open-data', 'metadata', 'catalog')
        }
    }
}
