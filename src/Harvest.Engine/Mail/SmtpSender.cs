using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Harvest.Engine.Sources;

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
    /// <summary>Checks the server's certificate; by default the system's validation.</summary>
    public RemoteCertificateValidationCallback? CertificateValidation { get; init; }
}

/// <summary>Sends one mail per connection over SMTP (RFC 5321): EHLO, optional STARTTLS and AUTH PLAIN, MAIL, RCPT, DATA.</summary>
public static class SmtpSender
{
    public static void Send(SmtpOptions options, OutgoingMail mail)
    {
        if (mail.To.Count == 0) throw new MailException("no recipients");
        foreach (var address in mail.To.Append(mail.From))
            if (!NotificationEmails.IsAddress(address)) throw new MailException($"'{address}' is not an e-mail address");

        using var client = new TcpClient { SendTimeout = Milliseconds(options.Timeout), ReceiveTimeout = Milliseconds(options.Timeout) };
        try
        {
            if (!client.ConnectAsync(options.Host, options.Port).Wait(options.Timeout))
                throw new MailException($"connecting to {options.Host}:{options.Port} timed out");
        }
        catch (AggregateException e) when (e.InnerException is SocketException s)
        {
            throw new MailException($"cannot connect to {options.Host}:{options.Port}: {s.Message}");
        }
        Stream stream = client.GetStream();
        if (options.Tls) stream = Secure(stream, options);
        var session = new Session(stream);
        session.Expect(220);
        var features = session.Command($"EHLO {LocalName()}", 250);
        if (options.StartTls)
        {
            if (!features.Any(f => f.StartsWith("STARTTLS", StringComparison.OrdinalIgnoreCase)))
                throw new MailException($"{options.Host}:{options.Port} does not offer STARTTLS (setting smtp_starttls)");
            session.Command("STARTTLS", 220);
            session = new Session(Secure(stream, options));
            features = session.Command($"EHLO {LocalName()}", 250);
        }
        if (!string.IsNullOrEmpty(options.User))
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{options.User}\0{options.Password}"));
            session.Command($"AUTH PLAIN {token}", 235, redacted: "AUTH PLAIN ***");
        }
        session.Command($"MAIL FROM:<{mail.From}>", 250);
        foreach (var to in mail.To.Distinct(StringComparer.OrdinalIgnoreCase))
            session.Command($"RCPT TO:<{to}>", 250, 251);
        session.Command("DATA", 354);
        session.WriteData(Format(mail));
        session.Command(".", 250);
        try { session.Command("QUIT", 221); } catch (MailException) { /* the mail is accepted already */ }
    }

    /// <summary>The message as sent: headers, then the UTF-8 body in base64 (any text, any line length, 7-bit clean).</summary>
    public static string Format(OutgoingMail mail)
    {
        var builder = new StringBuilder();
        builder.Append("From: ").Append(mail.From).Append("\r\n");
        builder.Append("To: ").Append(string.Join(", ", mail.To)).Append("\r\n");
        builder.Append("Subject: ").Append(EncodeHeader(mail.Subject)).Append("\r\n");
        builder.Append("Date: ").Append(DateTimeOffset.UtcNow.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture)).Append("\r\n");
        builder.Append("Message-ID: <").Append(Guid.NewGuid().ToString("N")).Append('@').Append(LocalName()).Append(">\r\n");
        builder.Append("MIME-Version: 1.0\r\n");
        builder.Append("Content-Type: text/plain; charset=utf-8\r\n");
        builder.Append("Content-Transfer-Encoding: base64\r\n\r\n");
        var body = Convert.ToBase64String(Encoding.UTF8.GetBytes(mail.Body.Replace("\r\n", "\n").Replace("\n", "\r\n")));
        for (var i = 0; i < body.Length; i += 76) builder.Append(body, i, Math.Min(76, body.Length - i)).Append("\r\n");
        return builder.ToString();
    }

    /// <summary>RFC 2047 for a subject that is not plain ASCII; line breaks never reach a header.</summary>
    private static string EncodeHeader(string text)
    {
        text = text.Replace('\r', ' ').Replace('\n', ' ');
        return text.All(c => c is >= ' ' and <= '~') ? text : $"=?utf-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(text))}?=";
    }

    private static Stream Secure(Stream stream, SmtpOptions options)
    {
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false, options.CertificateValidation);
        try
        {
            ssl.AuthenticateAsClient(options.Host);
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
        {
            throw new MailException($"TLS with {options.Host}:{options.Port} failed: {e.Message}");
        }
        return ssl;
    }

    private static string LocalName()
    {
        var name = System.Net.Dns.GetHostName();
        return string.IsNullOrEmpty(name) || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-')) ? "localhost" : name;
    }

    private static int Milliseconds(TimeSpan timeout) => (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue);

    /// <summary>One SMTP conversation: commands and their (multi-line) replies.</summary>
    private sealed class Session(Stream stream)
    {
        private readonly StreamReader _reader = new(stream, new UTF8Encoding(false), false, 1024, leaveOpen: true);

        public void Expect(params int[] codes) => Read(null, codes);

        public List<string> Command(string line, int code, int alternative = -1, string? redacted = null)
        {
            Write(line + "\r\n");
            return Read(redacted ?? line, alternative < 0 ? [code] : [code, alternative]);
        }

        public void WriteData(string message)
        {
            // Dot-stuffing: a line that starts with a dot gets another.
            var stuffed = string.Join("\r\n", message.Split("\r\n").Select(l => l.StartsWith('.') ? "." + l : l));
            Write(stuffed.EndsWith("\r\n", StringComparison.Ordinal) ? stuffed : stuffed + "\r\n");
        }

        private void Write(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            try
            {
                stream.Write(bytes);
                stream.Flush();
            }
            catch (IOException e)
            {
                throw new MailException($"the SMTP server closed the connection: {e.Message}");
            }
        }

        private List<string> Read(string? command, int[] codes)
        {
            var lines = new List<string>();
            while (true)
            {
                string? line;
                try
                {
                    line = _reader.ReadLine();
                }
                catch (IOException e)
                {
                    throw new MailException($"no answer from the SMTP server{(command is null ? "" : $" to {command}")}: {e.Message}");
                }
                if (line is null) throw new MailException($"the SMTP server closed the connection{(command is null ? "" : $" after {command}")}");
                if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), out var code))
                    throw new MailException($"not an SMTP reply: '{line}'");
                lines.Add(line.Length > 4 ? line[4..] : "");
                if (line.Length > 3 && line[3] == '-') continue;
                if (!codes.Contains(code))
                    throw new MailException($"the SMTP server answered {(command is null ? "the connection" : command)} with '{line}'");
                return lines;
            }
        }
    }
}

public sealed class MailException(string message) : HarvestException(message);
