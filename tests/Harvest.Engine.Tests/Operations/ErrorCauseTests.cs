using Harvest.Engine.Reports;
using Harvest.Engine.Settings;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Operations;

/// <summary>The most frequent errors of a report, the CLI and the status mail are counted by cause, with example guids.</summary>
public sealed class ErrorCauseTests
{
    private static string CatalogWithUntitledRecords(TestHarvest harvest, int untitled) => harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog(
        [DataJsonBuilder.Record("good-1", "Good"), .. Enumerable.Range(0, untitled).Select(i => new Dictionary<string, object?> { ["identifier"] = $"untitled-{i:00}" }),
         DataJsonBuilder.Record("good-2", "Also good")]));

    [Fact]
    public async Task Twenty_five_records_without_a_title_are_one_cause_counted_25_with_a_few_example_guids()
    {
        using var server = new SmtpTestServer();
        using var harvest = new TestHarvest(s => s with
        {
            StatusMailErrored = true, MailAdmins = "ops@example.org", SmtpHost = "127.0.0.1", SmtpPort = server.Port, SmtpTimeoutSeconds = 10,
        });
        harvest.AddSource(CatalogWithUntitledRecords(harvest, 25));

        var report = await harvest.RunAsync();

        Assert.Equal(25, report.Stats.Errored);
        Assert.Equal(25, report.ObjectErrors.Count); // the per-object list stays as it is
        var cause = Assert.Single(report.TopObjectMessages);
        Assert.Equal(25, cause.Count);
        Assert.Equal("record #… (line …) '…' has no title", cause.Message);
        Assert.Equal(["untitled-00", "untitled-01", "untitled-02"], cause.Examples);

        var text = new StringWriter();
        Harvest.Cli.Output.TextTables.Report(text, report);
        Assert.Contains("25  record #… (line …) '…' has no title (e.g. untitled-00, untitled-01, untitled-02)", text.ToString());
        Assert.Contains("  25 × record #… (line …) '…' has no title (e.g. untitled-00, untitled-01, untitled-02)", Assert.Single(server.Received).Body);
    }

    [Theory]
    [InlineData("record #3 (line 12) 'abc' has no title", "record #… (line …) '…' has no title")]
    [InlineData("GET https://data.example.org/dataset/42: returned HTTP 404 Not Found", "GET …: returned HTTP 404 Not Found")]
    [InlineData("bureauCode: required (value: missing); title: too long (value: \"abc\")", "bureauCode: required (value: …); title: too long (value: …)")]
    [InlineData("InvalidOperationException: unique problem 15", "InvalidOperationException: unique problem 15")]
    [InlineData("gave up after 3 attempts", "gave up after 3 attempts")]
    public void A_cause_keeps_what_it_says_and_sets_aside_what_names_one_record(string message, string cause) =>
        Assert.Equal(cause, ErrorCauses.Of(message));
}
