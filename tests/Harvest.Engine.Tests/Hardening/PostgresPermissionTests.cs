using System.Text.Json;
using Harvest.Engine.Tests.Cli;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Hardening;

/// <summary>A PostgreSQL role that may not create tables gets one clear line and exit 2, not a stack trace (issue 18, item 3).</summary>
public sealed class PostgresPermissionTests
{
    [PostgresFact]
    public async Task A_role_without_create_on_schema_public_is_told_what_to_grant()
    {
        using var role = PostgresTestRole.Create();
        using var database = PostgresTestDatabase.Create();
        var folder = Directory.CreateTempSubdirectory("harvest-permission-").FullName;
        var settings = Path.Combine(folder, "settings.json");
        File.WriteAllText(settings, JsonSerializer.Serialize(new { database = role.ConnectionString(database) }));

        var result = await RawCli.RunAsync("initdb", "--settings", settings);

        SettingsRangeTests.AssertCleanFailure(result, "the store's tables cannot be created", "permission denied for schema public", "GRANT CREATE ON SCHEMA public");
        Assert.DoesNotContain(role.Password, result.Stderr);
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
