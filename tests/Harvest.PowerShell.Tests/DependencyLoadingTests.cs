using System.Data.Common;
using System.Reflection;
using System.Runtime.Loader;
using Harvest.PowerShell.Loading;

namespace Harvest.PowerShell.Tests;

/// <summary>The module's dependencies load into their own context, native SQLite included, and work there.</summary>
[Collection(PublishedModuleCollection.Name)]
public sealed class DependencyLoadingTests(PublishedModule module)
{
    [Fact]
    public void Sqlite_loads_into_the_isolated_context_and_opens_a_database()
    {
        var context = new DependencyLoadContext(module.PathOf(DependencyLoadContext.FolderName));
        var sqlite = context.LoadFromAssemblyName(new AssemblyName("Microsoft.Data.Sqlite"));
        Assert.Same(context, AssemblyLoadContext.GetLoadContext(sqlite));
        Assert.NotSame(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(sqlite));

        // DbConnection comes from the framework, shared by both contexts; the SQLite code and its native library are the module's.
        var connectionType = sqlite.GetType("Microsoft.Data.Sqlite.SqliteConnection", throwOnError: true)!;
        using var connection = (DbConnection)Activator.CreateInstance(connectionType, "Data Source=:memory:")!;
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version()";
        Assert.Matches(@"^3\.\d+\.\d+", (string)command.ExecuteScalar()!);
    }

    [Fact]
    public void Names_the_folder_does_not_hold_are_left_to_the_default_context()
    {
        var context = new DependencyLoadContext(module.PathOf(DependencyLoadContext.FolderName));
        Assert.Null(context.PathFor(new AssemblyName("System.Text.Json")));
        Assert.Null(context.PathFor(new AssemblyName("Harvest.Engine")));
        Assert.NotNull(context.PathFor(new AssemblyName("Microsoft.Data.Sqlite")));
    }
}
