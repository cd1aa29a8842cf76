using Harvest.Engine.Mail;
using Harvest.Engine.Model;
using Harvest.Engine.Settings;
using Harvest.Engine.Tests.Support;

namespace Harvest.Engine.Tests.Operations;

/// <summary>
/// Status mail through MailKit (issue 18, item 9): STARTTLS and TLS with a relay's self-signed certificate pinned by
/// smtp_certificate_fingerprint, refused without the pin, and sent off the finishing thread so that a stalled SMTP server
/// never holds a job.
/// </summary>
public sealed class StatusMailTlsTests
{
    private static Func<HarvestSettings, HarvestSettings> Mail(SmtpTestServer server, string? pin = null, bool tls = false) =>
        s => s with
        {
            StatusMailAll = true, MailAdmins = "ops@example.org", SmtpHost = "127.0.0.1", SmtpPort = server.Port,
            SmtpMailFrom = "harvest@example.org", SmtpTimeoutSeconds = 20, LogScope = 0,
            SmtpStarttls = !tls, SmtpTls = tls, SmtpCertificateFingerprint = pin, SmtpUser = "mailer", SmtpPassword = "s3cret",
        };

    private static string Catalog(TestHarvest harvest) =>
        harvest.WriteFile("catalog.json", DataJsonBuilder.Catalog(DataJsonBuilder.Record("a", "Alpha")));

    [Fact]
    public async Task Starttls_with_a_pinned_self_signed_certificate_sends_the_mail_encrypted()
    {
        using var certificate = SmtpTestServer.SelfSignedCertificate();
        using var server = new SmtpTestServer { Certificate = certificate, Credentials = ("mailer", "s3cret") };
        // Colons and lower case, as openssl prints fingerprints.
        var pin = string.Join(':', SmtpSender.Fingerprint(certificate).ToLowerInvariant().Chunk(2).Select(c => new string(c)));
        using var harvest = new TestHarvest(Mail(server, pin));
        harvest.AddSource(Catalog(harvest));

        var report = await harvest.RunAsync();

        var mail = Assert.Single(server.Received);
        Assert.Equal("mailer", mail.User);
        Assert.True(Assert.Single(server.Secured), "the mail did not go over TLS");
        Assert.Equal("[harvest] test-source: job finished", mail.Subject);
        Assert.Contains(report.JobId, mail.Body);
    }

    [Fact]
    public async Task Tls_from_the_first_byte_works_with_the_pin_too()
    {
        using var certificate = SmtpTestServer.SelfSignedCertificate();
        using var server = new SmtpTestServer { Certificate = certificate, ImplicitTls = true, Credentials = ("mailer", "s3cret") };
        using var harvest = new TestHarvest(Mail(server, SmtpSender.Fingerprint(certificate), tls: true));
        harvest.AddSource(Catalog(harvest));
        await harvest.RunAsync();
        Assert.Single(server.Received);
        Assert.True(Assert.Single(server.Secured));
    }

    [Fact]
    public async Task A_self_signed_certificate_is_refused_without_the_pin_or_with_another()
    {
        using var certificate = SmtpTestServer.SelfSignedCertificate();
        using var other = SmtpTestServer.SelfSignedCertificate();
        using var server = new SmtpTestServer { Certificate = certificate, Credentials = ("mailer", "s3cret") };
        foreach (var pin in new[] { null, SmtpSender.Fingerprint(other) })
        {
            using var harvest = new TestHarvest(Mail(server, pin));
            harvest.AddSource(Catalog(harvest));
            var report = await harvest.RunAsync();
            Assert.Equal(JobStatus.Finished, report.Job.Status);
            var error = Assert.Single(harvest.Engine.Logs.List("error"), e => e.Content.StartsWith("status mail", StringComparison.Ordinal));
            Assert.Contains($"TLS with 127.0.0.1:{server.Port} failed", error.Content);
            Assert.DoesNotContain("s3cret", error.Content);
        }
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task A_stalled_smtp_server_does_not_hold_the_job_and_the_mail_still_arrives()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var server = new SmtpTestServer { Hold = release.Task };
        using var harvest = new TestHarvest(s => s with
        {
            StatusMailAll = true, MailAdmins = "ops@example.org", SmtpHost = "127.0.0.1", SmtpPort = server.Port, SmtpTimeoutSeconds = 60, LogScope = 0,
        });
        harvest.AddSource(Catalog(harvest));

        // The server answers nothing until released: a job whose mail were sent on its own thread could not end first.
        var report = await harvest.Engine.Jobs.RunNowAsync("test-source");
        Assert.Equal(JobStatus.Finished, harvest.Engine.Jobs.Get(report.JobId).Status);
        await Eventually.TrueAsync(() => server.Connections > 0, "the sender to reach the stalled server");
        Assert.Empty(server.Received);

        release.SetResult();
        await harvest.Engine.WhenStatusMailsSentAsync();
        Assert.Contains(report.JobId, Assert.Single(server.Received).Body);
        Assert.Contains(harvest.Engine.Logs.List("info"), e => e.Content.Contains($"status mail for job {report.JobId} sent"));
    }

    [Fact]
    public async Task Mails_of_jobs_finished_one_after_another_arrive_in_that_order()
    {
        using var server = new SmtpTestServer();
        using var harvest = new TestHarvest(s => s with
        {
            StatusMailAll = true, MailAdmins = "ops@example.org", SmtpHost = "127.0.0.1", SmtpPort = server.Port, SmtpTimeoutSeconds = 20,
        });
        harvest.AddSource(Catalog(harvest));
        var first = await harvest.Engine.Jobs.RunNowAsync("test-source");
        var second = await harvest.Engine.Jobs.RunNowAsync("test-source");
        await harvest.Engine.WhenStatusMailsSentAsync();
        Assert.Equal([first.JobId, second.JobId], server.Received.Select(m => first.JobId.Length > 0 && m.Body.Contains(first.JobId) ? first.JobId : second.JobId));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("12:34")]
    public void A_pin_that_is_no_sha256_fingerprint_is_a_settings_error(string pin)
    {
        var e = Assert.Throws<HarvestSettingsException>(() =>
            SettingsLoader.Load(null, new Dictionary<string, string?> { ["HARVEST_SMTP_CERTIFICATE_FINGERPRINT"] = pin, ["HARVEST_CONFIG"] = null }));
        Assert.Contains($"'smtp_certificate_fingerprint' is '{pin}'", e.Message);
    }
}
