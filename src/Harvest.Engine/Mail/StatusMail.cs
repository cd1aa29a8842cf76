using System.Text;
using Harvest.Engine.Logging;
using Harvest.Engine.Model;
using Harvest.Engine.Settings;
using Harvest.Engine.Sources;

namespace Harvest.Engine.Mail;

/// <summary>
/// The extension point for who gets a status mail: given the job's report and the recipients Harvest chose (the
/// mail_admins setting, then the source's notification_emails), returns the list to send to (empty: no mail).
/// </summary>
public interface IStatusMailRecipients
{
    IReadOnlyList<string> Recipients(JobReport report, IReadOnlyList<string> recipients);
}

/// <summary>What happened to one job's status mail.</summary>
public sealed record StatusMailResult(bool Sent, IReadOnlyList<string> Recipients, string? Error = null);

/// <summary>
/// ckanext-harvest's status mail: when a job finishes with errors (status_mail_errored) or always (status_mail_all),
/// a summary goes by SMTP to the admins and the source's notification addresses. A failure is logged, never thrown.
/// The engine sends the mails of the jobs it finishes off the finishing thread (<see cref="StatusMailQueue"/>).
/// </summary>
public sealed class StatusMail(HarvestSettings settings, HarvestLog log)
{
    /// <summary>Changes the recipients of each mail (add the source's organisation, drop someone, ...); null keeps them.</summary>
    public IStatusMailRecipients? RecipientPolicy { get; set; }

    /// <summary>Whether any status mail is configured at all (so that a finished job builds its report only when needed).</summary>
    public bool Enabled => settings.StatusMailAll || settings.StatusMailErrored;

    public bool Wanted(JobReport report) => settings.StatusMailAll || (settings.StatusMailErrored && report.HasErrors);

    /// <summary>Sends the job's mail now, on this thread, when the settings want one; null when they do not. Never throws.</summary>
    public StatusMailResult? SendFor(JobReport report) => SendFor(report, log);

    internal StatusMailResult? SendFor(JobReport report, HarvestLog log)
    {
        if (!Wanted(report)) return null;
        IReadOnlyList<string> recipients = [];
        try
        {
            recipients = Recipients(report);
            if (recipients.Count == 0)
            {
                log.Debug($"status mail for job {report.JobId}: no recipients (settings mail_admins, source config {NotificationEmails.Key})");
                return new StatusMailResult(false, recipients, "no recipients");
            }
            if (string.IsNullOrWhiteSpace(settings.SmtpHost))
                throw new MailException("setting smtp_host is not set");
            SmtpSender.Send(Options(), Compose(report, settings.SmtpMailFrom, recipients));
            log.Info($"status mail for job {report.JobId} sent to {string.Join(", ", recipients)}");
            return new StatusMailResult(true, recipients);
        }
        catch (Exception e) when (e is HarvestException or IOException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            log.Error($"status mail for job {report.JobId} not sent: {e.Message}");
            return new StatusMailResult(false, recipients, e.Message);
        }
    }

    private IReadOnlyList<string> Recipients(JobReport report)
    {
        var chosen = NotificationEmails.ParseList(settings.MailAdmins, "mail_admins")
            .Concat(NotificationEmails.Of(report.Source))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        return RecipientPolicy is null ? chosen : RecipientPolicy.Recipients(report, chosen).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private SmtpOptions Options() => new()
    {
        Host = settings.SmtpHost!.Trim(),
        Port = settings.SmtpPort,
        StartTls = settings.SmtpStarttls,
        Tls = settings.SmtpTls,
        User = settings.SmtpUser,
        Password = settings.SmtpPassword,
        Timeout = TimeSpan.FromSeconds(Math.Max(1, settings.SmtpTimeoutSeconds)),
        CertificateSha256 = settings.SmtpCertificateFingerprint,
    };

    /// <summary>The mail for a job: a subject that says whether it went wrong, and the report as text.</summary>
    public static OutgoingMail Compose(JobReport report, string from, IReadOnlyList<string> to)
    {
        var outcome = report.HasErrors ? "finished with errors" : $"{report.Job.Status.ToString().ToLowerInvariant()}";
        var subject = $"[harvest] {report.Source.Name}: job {outcome}";
        var body = new StringBuilder();
        body.AppendLine($"Harvest job {report.JobId} of source '{report.Source.Name}' {outcome}.");
        body.AppendLine();
        body.AppendLine($"Source:   {report.Source.Title ?? report.Source.Name} ({report.Source.Type}) {report.Source.Url}");
        body.AppendLine($"Status:   {report.Job.Status}");
        body.AppendLine($"Created:  {report.Job.Created:u}");
        if (report.Job.Finished is { } finished) body.AppendLine($"Finished: {finished:u}");
        body.AppendLine($"Records:  {report.Stats}");
        body.AppendLine($"Timings:  {report.Timings}");
        if (report.GatherErrors.Count > 0)
        {
            body.AppendLine();
            body.AppendLine($"Gather errors ({report.GatherErrors.Count}):");
            foreach (var m in report.TopGatherMessages) body.AppendLine($"  {m}");
        }
        if (report.GatherWarnings.Count > 0)
        {
            body.AppendLine();
            body.AppendLine("Gather warnings:");
            foreach (var w in report.GatherWarnings) body.AppendLine($"  {w.Message}");
        }
        if (report.ObjectErrors.Count > 0)
        {
            body.AppendLine();
            body.AppendLine($"Object errors ({report.ObjectErrors.Count} records), most frequent causes:");
            foreach (var m in report.TopObjectMessages) body.AppendLine($"  {m}");
            body.AppendLine();
            const int listed = 50;
            body.AppendLine(report.ObjectErrors.Count > listed ? $"First {listed} errored records:" : "Errored records:");
            foreach (var o in report.ObjectErrors.Take(listed))
                body.AppendLine($"  {(o.Guid.Length == 0 ? "(no guid)" : o.Guid)} [{o.Stage}] {o.OriginalUrl}");
        }
        body.AppendLine();
        body.AppendLine($"harvester job-report {report.JobId}");
        return new OutgoingMail(from, to, subject, body.ToString());
    }
}
