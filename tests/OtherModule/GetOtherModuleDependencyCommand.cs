using System.Management.Automation;
using Microsoft.Data.Sqlite;
using RabbitMQ.Client;

namespace OtherModule;

/// <summary>Uses APIs of RabbitMQ.Client 6 (IModel, gone in 7) and Microsoft.Data.Sqlite 8, and says which versions answered.</summary>
[Cmdlet(VerbsCommon.Get, "OtherModuleDependency")]
[OutputType(typeof(PSObject))]
public sealed class GetOtherModuleDependencyCommand : PSCmdlet
{
    protected override void ProcessRecord()
    {
        var factory = new ConnectionFactory { HostName = "127.0.0.1", RequestedHeartbeat = TimeSpan.FromSeconds(30) };
        var builder = new SqliteConnectionStringBuilder { DataSource = ":memory:", Mode = SqliteOpenMode.Memory };
        var result = new PSObject();
        result.Properties.Add(new PSNoteProperty("RabbitMQ", typeof(ConnectionFactory).Assembly.GetName().Version?.ToString()));
        result.Properties.Add(new PSNoteProperty("RabbitMQModel", typeof(IModel).FullName));
        result.Properties.Add(new PSNoteProperty("RabbitMQHost", factory.HostName));
        result.Properties.Add(new PSNoteProperty("Sqlite", typeof(SqliteConnection).Assembly.GetName().Version?.ToString()));
        result.Properties.Add(new PSNoteProperty("SqliteMode", builder.Mode.ToString()));
        WriteObject(result);
    }
}
