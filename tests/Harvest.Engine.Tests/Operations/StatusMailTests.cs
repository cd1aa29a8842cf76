using System.Net;
using System.Net.Sockets;
using Harvest.Engine.Consumers;
using Harvest.Engine.Logging;
using Harvest.Engine.Mail;
using Harvest.Engine.Model;
using Harvest.Engine.Queues;
using Harvest.Engine.Settings;
using Harvest.Engine.Sources;
using Harvest.Engine.Tests.Support;
using Harvest.Harvesters;

namespace Harvest.Engine.Tests.Operations;

/// <summary>Status mails to a real SMTP server on 127.0.0.1: when they go, to whom, what they say, and failures that never fail a job.</summary>
public sealed class StatusMailTests
{
    private static Func<HarvestSettings, HarvestSettings> Mail(SmtpTestServer server, bool errored = true, bool all = false, string admins = "ops@example.org, lead@example.org") =>
        s => s with
        {
            StatusMailErrored = errored, StatusMailAll = all, MailAdmins = admins, SmtpHost = "127.0.0.1", SmtpPort = server.Port,
            SmtpMailFrom = "harvest@example.org", SmtpTimeoutSeconds = 10, LogScope = 0,
        };

    /// <summary>A catalog with one good record and one with an empty title, which fails.</summary>
    private static string CatalogWithAnError(TestHarvest harvest) => harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog(
        DataJsonBuilder.Record("good", "Good"), new Dictionary<string, object?> { ["identifier"] = "bad", ["title"] = "" }));

    [Fact]
    public async Task A_job_with_errors_mails_the_admins_and_the_sources_addresses()
    {
        using var server = new SmtpTestServer();
        using var harvest = new TestHarvest(Mail(server));
        harvest.AddSource(CatalogWithAnError(harvest), config: """{"notification_emails": "owner@example.org"}""");

        var report = await harvest.RunAsync();

        Assert.True(report.HasErrors);
        Assert.Equal(JobStatus.Finished, report.Job.Status);
        var mail = Assert.Single(server.Received);
        Assert.Equal("harvest@example.org", mail.From);
        Assert.Equal(["ops@example.org", "lead@example.org", "owner@example.org"], mail.To);
        Assert.Equal("[harvest] test-source: job finished with errors", mail.Subject);
        Assert.Contains(report.JobId, mail.Body);
        Assert.Contains("Object errors (1 records)", mail.Body);
        Assert.Contains("  bad [", mail.Body);
        Assert.Contains("Timings:", mail.Body);
        Assert.Contains(harvest.Engine.Logs.List("info"), e => e.Content.Contains("status mail for job") && e.Content.Contains("sent to"));
    }

    [Fact]
    public async Task Errored_only_mail_skips_clean_jobs_and_mail_all_does_not()
    {
        using var server = new SmtpTestServer();
        using (var errorsOnly = new TestHarvest(Mail(server)))
        {
            errorsOnly.AddSource(errorsOnly.WriteFile("catalog.json", DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha"))));
            Assert.False((await errorsOnly.RunAsync()).HasErrors);
            Assert.Empty(server.Received);
        }
        using var always = new TestHarvest(Mail(server, errored: false, all: true, admins: "ops@example.org"));
        always.AddSource(always.WriteFile("catalog.json", DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha"))));
        await always.RunAsync();
        var mail = Assert.Single(server.Received);
        Assert.Equal("[harvest] test-source: job finished", mail.Subject);
        Assert.Contains("added 1", mail.Body);
    }

    [Fact]
    public async Task No_mail_settings_send_nothing()
    {
        using var server = new SmtpTestServer();
        using var harvest = new TestHarvest(s => Mail(server)(s) with { StatusMailErrored = false });
        harvest.AddSource(CatalogWithAnError(harvest));
        Assert.True((await harvest.RunAsync()).HasErrors);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task Credentials_are_sent_with_AUTH_PLAIN()
    {
        using var server = new SmtpTestServer { Credentials = ("mailer", "s3cret") };
        using var harvest = new TestHarvest(s => Mail(server)(s) with { SmtpUser = "mailer", SmtpPassword = "s3cret" });
        harvest.AddSource(CatalogWithAnError(harvest));
        await harvest.RunAsync();
        Assert.Equal("mailer", Assert.Single(server.Received).User);
    }

    [Fact]
    public async Task Wrong_credentials_are_logged_and_the_job_still_finishes()
    {
        using var server = new SmtpTestServer { Credentials = ("mailer", "s3cret") };
        using var harvest = new TestHarvest(s => Mail(server)(s) with { SmtpUser = "mailer", SmtpPassword = "wrong" });
        harvest.AddSource(CatalogWithAnError(harvest));
        var report = await harvest.RunAsync();
        Assert.Equal(JobStatus.Finished, harvest.Engine.Jobs.Get(report.JobId).Status);
        Assert.Empty(server.Received);
        var error = Assert.Single(harvest.Engine.Logs.List("error"), e => e.Content.StartsWith("status mail", StringComparison.Ordinal));
        Assert.Contains("535", error.Content);
        Assert.DoesNotContain("wrong", error.Content);
    }

    [Fact]
    public async Task A_server_that_refuses_or_is_not_there_never_fails_the_job()
    {
        using (var refusing = new SmtpTestServer { RejectSender = true })
        using (var harvest = new TestHarvest(Mail(refusing)))
        {
            harvest.AddSource(CatalogWithAnError(harvest));
            var report = await harvest.RunAsync();
            Assert.Equal(JobStatus.Finished, report.Job.Status);
            Assert.Contains(harvest.Engine.Logs.List("error"), e => e.Content.Contains("550 sender refused"));
        }

        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        using var nobody = new TestHarvest(s => s with
        {
            StatusMailErrored = true, MailAdmins = "ops@example.org", SmtpHost = "127.0.0.1", SmtpPort = port, LogScope = 0,
        });
        nobody.AddSource(CatalogWithAnError(nobody));
        var finished = await nobody.RunAsync();
        Assert.Equal(JobStatus.Finished, finished.Job.Status);
        Assert.Contains(nobody.Engine.Logs.List("error"), e => e.Content.Contains($"cannot connect to 127.0.0.1:{port}"));
    }

    [Fact]
    public async Task Starttls_is_required_when_set()
    {
        using var server = new SmtpTestServer();
        using var harvest = new TestHarvest(s => Mail(server)(s) with { SmtpStarttls = true });
        harvest.AddSource(CatalogWithAnError(harvest));
        await harvest.RunAsync();
        Assert.Empty(server.Received);
        Assert.Contains(harvest.Engine.Logs.List("error"), e => e.Content.Contains("does not offer STARTTLS"));
    }

    [Fact]
    public async Task The_recipient_policy_changes_who_gets_the_mail()
    {
        using var server = new SmtpTestServer();
        using var harvest = new TestHarvest(Mail(server));
        harvest.Engine.StatusMail.RecipientPolicy = new OnlyOwnersAndAudit();
        harvest.AddSource(CatalogWithAnError(harvest), config: """{"notification_emails": ["owner@example.org"]}""");
        await harvest.RunAsync();
        Assert.Equal(["owner@example.org", "audit@example.org"], Assert.Single(server.Received).To);
    }

    private sealed class OnlyOwnersAndAudit : IStatusMailRecipients
    {
        public IReadOnlyList<string> Recipients(JobReport report, IReadOnlyList<string> recipients) =>
            [.. NotificationEmails.Of(report.Source), "audit@example.org"];
    }

    [Fact]
    public async Task A_job_finished_by_a_consumer_sends_its_mail()
    {
        using var server = new SmtpTestServer();
        using var harvest = new TestHarvest(Mail(server));
        harvest.AddSource(CatalogWithAnError(harvest));
        var job = harvest.Engine.Jobs.Create("test-source");
        await using (var queue = await harvest.Engine.OpenQueueAsync())
            await harvest.Engine.Scheduler.RunAsync(queue, DateTimeOffset.UtcNow);

        using var stop = new CancellationTokenSource();
        var gather = new ConsumerHost(harvest.Settings, BuiltInHarvesters.CreateRegistry(harvest.Settings), HarvestQueueKind.Gather, 1, SilentOutput.Instance);
        var fetch = new ConsumerHost(harvest.Settings, BuiltInHarvesters.CreateRegistry(harvest.Settings), HarvestQueueKind.Fetch, 1, SilentOutput.Instance);
        var running = Task.WhenAll(gather.RunAsync(stop.Token), fetch.RunAsync(stop.Token));
        await Eventually.TrueAsync(() => harvest.Engine.Jobs.Get(job.JobId).Status == JobStatus.Finished, "the job to finish");
        await Eventually.TrueAsync(() => !server.Received.IsEmpty, "the status mail");
        stop.Cancel();
        await running;
        Assert.Contains(job.JobId, Assert.Single(server.Received).Body);
    }

    [Theory]
    [InlineData("datajson")]
    [InlineData("ckan")]
    public void Notification_emails_are_checked_for_every_source_type(string type)
    {
        using var harvest = new TestHarvest();
        var error = Assert.Throws<InvalidSourceConfigException>(() =>
            harvest.AddSource("https://example.org/catalog", type, config: """{"notification_emails": ["ok@example.org", "not an address"]}"""));
        Assert.Contains("'not an address' is not an e-mail address", error.Message);
        Assert.Throws<InvalidSourceConfigException>(() =>
            harvest.AddSource("https://example.org/catalog", type, config: """{"notification_emails": 5}"""));

        var source = harvest.AddSource("https://example.org/catalog", type, config: """{"notification_emails": "a@example.org; b@example.org"}""");
        Assert.Equal(["a@example.org", "b@example.org"], NotificationEmails.Of(source));
        Assert.Contains("\"notification_emails\":[\"a@example.org\",\"b@example.org\"]", source.Config);
    }

    [Fact]
    public void Mail_settings_load_from_ckan_names_and_the_environment()
    {
        using var harvest = new TestHarvest();
        var path = harvest.WriteFile("settings.json", """
            { "ckan.harvest.status_mail.errored": true, "smtp_host": "mail.example.org", "smtp_port": 587, "smtp_starttls": "yes",
              "mail_admins": "ops@example.org" }
            """);
        var settings = SettingsLoader.Load(path, new Dictionary<string, string?> { ["HARVEST_STATUS_MAIL_ALL"] = "true" });
        Assert.True(settings.StatusMailErrored);
        Assert.True(settings.StatusMailAll);
        Assert.True(settings.SmtpStarttls);
        Assert.Equal(587, settings.SmtpPort);
        var bad = Assert.Throws<HarvestSettingsException>(() =>
            SettingsLoader.Load(path, new Dictionary<string, string?> { ["HARVEST_SMTP_TLS"] = "maybe" }));
        Assert.Contains("must be true or false", bad.Message);
    }

    [Fact]
    public void Message_lines_that_start_with_a_dot_and_non_ascii_subjects_arrive_intact()
    {
        using var server = new SmtpTestServer();
        SmtpSender.Send(new SmtpOptions { Host = "127.0.0.1", Port = server.Port },
            new OutgoingMail("harvest@example.org", ["ops@example.org"], "Fehler in Quelle „Straßen“", ".leading dot\nzweite Zeile ü\n."));
        var mail = Assert.Single(server.Received);
        Assert.Equal("Fehler in Quelle „Straßen“", mail.Subject);
        // A body ends with a line break on the wire (the DATA terminator needs one), so a receiver sees one.
        Assert.Equal(".leading dot\nzweite Zeile ü\n.\n", mail.Body.ReplaceLineEndings("\n"));
    }
}
