using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Harvest.Engine.Sources;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Harvest.Engine.Mail;

/// <summary>A plain-text mail to send.</summary>
public sealed record OutgoingMail(string From, IReadOnlyList<string> To, string Subject, string Body);

/// <summary>Where and how to send: the smtp_* settings.</summary>
public sealed record SmtpOptions
{
    public required string Host { get; init; }
    public int Port { get; init; } = 25;
    /// <summary>Upgrade with STARTTLS; the mail is not sent when the server does not offer it.</summary>
    public bool StartTls { get; init; }
    /// <summary>TLS from the first byte (SMTPS).</summary>
    public bool Tls { get; init; }
    public string? User { get; init; }
    public string? Password { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>
    /// SHA-256 fingerprint (hex, colons and case ignored) of the one server certificate to accept whatever signed it:
    /// for a relay with a self-signed certificate. Any other certificate is refused. Null: the system's validation.
    /// </summary>
    public string? CertificateSha256 { get; init; }
    /// <summary>Checks the server's certificate instead of the system's validation (and of <see cref="CertificateSha256"/>).</summary>
    public RemoteCertificateValidationCallback? CertificateValidation { get; init; }
}

/// <summary>
/// Sends one mail per connection through MailKit: plain, STARTTLS (required when asked for) or TLS from the first byte,
/// AUTH with the mechanisms the server offers, every network step bounded by the timeout. Failures are
/// <see cref="MailException"/>s naming the server and what it answered, never the password.
/// </summary>
public static class SmtpSender
{
    public static void Send(SmtpOptions options, OutgoingMail mail)
    {
        if (mail.To.Count == 0) throw new MailException("no recipients");
        foreach (var address in mail.To.Append(mail.From))
            if (!NotificationEmails.IsAddress(address)) throw new MailException($"'{address}' is not an e-mail address");

        var server = $"{options.Host}:{options.Port}";
        // Each step has the timeout; the whole conversation at most a few of them, so a server that trickles is bounded too.
        using var deadline = new CancellationTokenSource(options.Timeout * 4);
        using var client = new SmtpClient
        {
            Timeout = (int)Math.Clamp(options.Timeout.TotalMilliseconds, 1, int.MaxValue),
            ServerCertificateValidationCallback = options.CertificateValidation ?? Pinned(options.CertificateSha256),
        };
        try
        {
            var security = options.Tls ? SecureSocketOptions.SslOnConnect
                : options.StartTls ? SecureSocketOptions.StartTls
                : SecureSocketOptions.None;
            client.Connect(options.Host, options.Port, security, deadline.Token);
            if (!string.IsNullOrEmpty(options.User))
                client.Authenticate(options.User, options.Password ?? "", deadline.Token);
            client.Send(Message(mail), deadline.Token);
            try { client.Disconnect(quit: true, deadline.Token); }
            catch (Exception e) when (e is IOException or ProtocolException or OperationCanceledException) { /* the mail is accepted already */ }
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested)
        {
            throw new MailException($"the SMTP server {server} did not finish within {(options.Timeout * 4).TotalSeconds:0} s", e);
        }
        catch (TimeoutException e)
        {
            throw new MailException($"the SMTP server {server} did not answer within {options.Timeout.TotalSeconds:0} s", e);
        }
        catch (SocketException e)
        {
            throw new MailException($"cannot connect to {server}: {e.Message}", e);
        }
        catch (NotSupportedException e) when (options.StartTls && !client.IsSecure)
        {
            throw new MailException($"{server} does not offer STARTTLS (setting smtp_starttls): {e.Message}", e);
        }
        catch (SslHandshakeException e)
        {
            throw new MailException($"TLS with {server} failed: the server's certificate was refused or the handshake failed " +
                "(settings smtp_tls, smtp_starttls, smtp_certificate_fingerprint)", e);
        }
        catch (AuthenticationException e)
        {
            var answer = e.InnerException is SmtpCommandException command ? $"{(int)command.StatusCode} {command.Message}" : e.Message;
            throw new MailException($"the SMTP server {server} refused the login of '{options.User}': {answer}", e);
        }
        catch (SmtpCommandException e)
        {
            throw new MailException($"the SMTP server {server} answered {(int)e.StatusCode} {e.Message}", e);
        }
        catch (Exception e) when (e is SmtpProtocolException or ProtocolException or IOException or InvalidOperationException)
        {
            throw new MailException($"the conversation with the SMTP server {server} failed: {e.Message}", e);
        }
    }

    /// <summary>The message as sent: a UTF-8 text/plain body; MimeKit encodes headers and body for any mail server.</summary>
    internal static MimeMessage Message(OutgoingMail mail)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(mail.From));
        foreach (var to in mail.To.Distinct(StringComparer.OrdinalIgnoreCase)) message.To.Add(MailboxAddress.Parse(to));
        message.Subject = mail.Subject.Replace('\r', ' ').Replace('\n', ' ');
        message.Body = new TextPart(MimeKit.Text.TextFormat.Plain) { Text = mail.Body };
        return message;
    }

    private static RemoteCertificateValidationCallback? Pinned(string? sha256)
    {
        if (string.IsNullOrWhiteSpace(sha256)) return null;
        var expected = Normalise(sha256);
        return (_, certificate, _, _) => certificate is not null
            && CryptographicOperations.FixedTimeEquals(
                Convert.FromHexString(expected), SHA256.HashData(certificate.GetRawCertData()));
    }

    /// <summary>A SHA-256 fingerprint as 64 hex digits, from any of the usual spellings (colons, spaces, either case).</summary>
    internal static string Normalise(string fingerprint) =>
        new string(fingerprint.Where(Uri.IsHexDigit).ToArray()).ToUpperInvariant();

    /// <summary>The fingerprint <see cref="SmtpOptions.CertificateSha256"/> takes for a certificate.</summary>
    public static string Fingerprint(X509Certificate certificate) => Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));
}

public sealed class MailException(string message, Exception? inner = null) : HarvestException(message, inner);
