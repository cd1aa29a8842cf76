using System.Management.Automation;

namespace Harvest.PowerShell.Tests;

/// <summary>Engine failures reach PowerShell as ErrorRecords with stable ids, categories and targets, honouring -ErrorAction.</summary>
public sealed class ErrorTests : IDisposable
{
    private readonly PwshSession _session = new();

    public void Dispose() => _session.Dispose();

    [Fact]
    public void A_disabled_source_is_a_non_terminating_error_and_the_next_source_is_harvested()
    {
        _session.Run("""
            New-HarvestSource -Name good -Url (Join-Path $samples city-parks.data.json) -Type datajson | Out-Null
            New-HarvestSource -Name off -Url ./off.data.json -Type datajson | Out-Null
            Disable-HarvestSource -Name off
            """).ThrowIfFailed();

        var result = _session.Run("Invoke-Harvest -Name off, good");

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("HarvestConflict,Harvest.PowerShell.Commands.InvokeHarvestCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidOperation, error.CategoryInfo.Category);
        Assert.Equal("off", Assert.IsAssignableFrom<PSObject>(PSObject.AsPSObject(error.TargetObject)).Properties["Name"].Value);
        Assert.Equal("Finished", result.Single("Status")?.ToString());
        Assert.Equal(3, (int)_session.Run("(Get-HarvestJob -Source good -First 1).Stats.Added").Output.Single().BaseObject);
    }

    [Fact]
    public void ErrorAction_Stop_makes_the_first_failure_terminating_with_its_record()
    {
        var result = _session.Run("Invoke-Harvest -Name no-such, other -ErrorAction Stop");

        var record = result.TerminatingRecord;
        Assert.NotNull(record);
        Assert.Equal("SourceNotFound,Harvest.PowerShell.Commands.InvokeHarvestCommand", record!.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, record.CategoryInfo.Category);
        Assert.Equal("no-such", record.TargetObject);
    }

    [Fact]
    public void Wait_HarvestJob_TimeoutSec_writes_its_timeout_error_for_a_job_nobody_runs()
    {
        _session.Run("New-HarvestSource -Name parks -Url (Join-Path $samples city-parks.data.json) -Type datajson | Out-Null").ThrowIfFailed();

        var result = _session.Run("Start-HarvestJob -Name parks | Wait-HarvestJob -TimeoutSec 1");

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("JobWaitTimeout,Harvest.PowerShell.Commands.WaitHarvestJobCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
        Assert.Contains("did not finish within 1 s", error.Exception.Message);
        Assert.Empty(result.Output);
    }

    [Theory]
    [InlineData("Invoke-HarvestRun")]
    [InlineData("Clear-HarvestQueue -Confirm:$false")]
    public void Bad_queue_settings_are_an_InvalidSettings_error_naming_the_settings_file(string command)
    {
        _session.WriteSettings(new Dictionary<string, object?> { ["mq_type"] = "carrier-pigeon" });

        var result = _session.Run(command);

        var record = Assert.Single(result.Errors);
        Assert.StartsWith("InvalidSettings,", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, record.CategoryInfo.Category);
        Assert.Equal(_session.SettingsPath, record.TargetObject);
        Assert.Contains("carrier-pigeon", record.Exception.Message);
    }

    [Theory]
    [InlineData("amqp", "Clear-HarvestQueue -Confirm:$false", "amqp queues at 127.0.0.1:1")]
    [InlineData("redis", "Invoke-HarvestRun", "redis queues at 127.0.0.1:1")]
    [InlineData("redis", "Start-HarvestJob -Name parks -Queue", "parks")]
    public void A_broker_that_does_not_answer_is_a_BrokerUnavailable_error_naming_it(string mqType, string command, string target)
    {
        _session.Run("New-HarvestSource -Name parks -Url (Join-Path $samples city-parks.data.json) -Type datajson | Out-Null").ThrowIfFailed();
        // Port 1 on loopback: nothing listens there.
        _session.WriteSettings(new Dictionary<string, object?> { ["mq_type"] = mqType, ["mq_hostname"] = "127.0.0.1", ["mq_port"] = 1 });

        var record = _session.Run(command).Failure;

        Assert.NotNull(record);
        Assert.True(record!.FullyQualifiedErrorId.StartsWith("BrokerUnavailable,", StringComparison.Ordinal), $"{record.FullyQualifiedErrorId}: {record.Exception}");
        Assert.Equal(ErrorCategory.ConnectionError, record.CategoryInfo.Category);
        // A command-wide failure names the broker; Start-HarvestJob's failure for one source names the source (its job stays New).
        Assert.Equal(target, record.TargetObject is string text ? text : PSObject.AsPSObject(record.TargetObject).Properties["Name"].Value);
        Assert.Contains("cannot connect to", record.Exception.Message);
    }
}
