@{
    RootModule        = 'OtherModule.dll'
    ModuleVersion     = '1.0.0'
    GUID              = '0f3c2a77-5d0e-4c51-9f4e-0a6b8f1d2e30'
    Author            = 'Harvest tests'
    Description       = 'A module built against RabbitMQ.Client 6 and Microsoft.Data.Sqlite 8, for the dependency isolation tests.'
    PowerShellVersion = '7.6'
    CmdletsToExport   = @('Get-OtherModuleDependency')
    FunctionsToExport = @()
    AliasesToExport   = @()
    VariablesToExport = @()
}
