using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MimeKit;

namespace Harvest.Engine.Tests.Support;

/// <summary>
/// A small SMTP server on 127.0.0.1 that records what it receives: EHLO, STARTTLS, AUTH PLAIN and LOGIN, MAIL, RCPT,
/// DATA, RSET, NOOP, QUIT. With a <see cref="Certificate"/> it offers STARTTLS (or, with <see cref="ImplicitTls"/>, speaks
/// TLS from the first byte); <see cref="RejectSender"/> refuses MAIL FROM; <see cref="Hold"/> stalls before the greeting.
/// </summary>
public sealed class SmtpTestServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public SmtpTestServer()
    {
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public ConcurrentQueue<ReceivedMail> Received { get; } = new();
    /// <summary>AUTH credentials this server accepts; null accepts none (and does not offer AUTH).</summary>
    public (string User, string Password)? Credentials { get; init; }
    public bool RejectSender { get; init; }
    /// <summary>The server's certificate: STARTTLS is offered (or TLS spoken at once) with it.</summary>
    public X509Certificate2? Certificate { get; init; }
    public bool ImplicitTls { get; init; }
    /// <summary>When set, each connection waits for it before the greeting: a stalled server.</summary>
    public Task? Hold { get; init; }
    /// <summary>Connections accepted, whether they sent mail or not.</summary>
    public int Connections => _connections;
    private int _connections;
    /// <summary>Whether each received mail came over TLS.</summary>
    public ConcurrentQueue<bool> Secured { get; } = new();

    /// <summary>A self-signed certificate for 127.0.0.1 and localhost, as a relay inside a company might have.</summary>
    public static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=harvest-test-smtp", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        // Exported and loaded again so that SslStream can use the private key on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            if (Hold is not null) await Hold.WaitAsync(_stop.Token);
            Stream stream = client.GetStream();
            var secure = false;
            if (ImplicitTls && Certificate is not null)
            {
                stream = await SecureAsync(stream);
                secure = true;
            }
            var session = new Session(stream);
            string? from = null, user = null;
            var to = new List<string>();
            await session.WriteAsync("220 test smtp ready");
            while (await session.ReadLineAsync() is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await session.WriteAsync("250-test greets you");
                        if (Certificate is not null && !secure) await session.WriteAsync("250-STARTTLS");
                        if (Credentials is not null) await session.WriteAsync("250-AUTH PLAIN LOGIN");
                        await session.WriteAsync("250 8BITMIME");
                        break;
                    case "HELO":
                        await session.WriteAsync("250 test");
                        break;
                    case "STARTTLS" when Certificate is not null && !secure:
                        await session.WriteAsync("220 go ahead");
                        session = new Session(await SecureAsync(stream));
                        secure = true;
                        break;
                    case "AUTH":
                        var (name, password) = await ReadCredentialsAsync(session, line);
                        if (Credentials is { } c && name == c.User && password == c.Password)
                        {
                            user = name;
                            await session.WriteAsync("235 authenticated");
                        }
                        else await session.WriteAsync("535 bad credentials");
                        break;
                    case "MAIL":
                        if (RejectSender) { await session.WriteAsync("550 sender refused"); break; }
                        if (Credentials is not null && user is null) { await session.WriteAsync("530 authentication required"); break; }
                        from = Address(line);
                        await session.WriteAsync("250 ok");
                        break;
                    case "RCPT":
                        to.Add(Address(line));
                        await session.WriteAsync("250 ok");
                        break;
                    case "DATA":
                        await session.WriteAsync("354 go on");
                        var data = new StringBuilder();
                        while (await session.ReadLineAsync() is { } dataLine && dataLine != ".")
                            data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                        Received.Enqueue(ReceivedMail.Parse(from!, to.ToList(), user, data.ToString()));
                        Secured.Enqueue(secure);
                        to.Clear();
                        await session.WriteAsync("250 queued");
                        break;
                    case "RSET":
                    case "NOOP":
                        await session.WriteAsync("250 ok");
                        break;
                    case "QUIT":
                        await session.WriteAsync("221 bye");
                        return;
                    default:
                        await session.WriteAsync("502 not implemented");
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
        }
    }

    private async Task<Stream> SecureAsync(Stream stream)
    {
        var ssl = new SslStream(stream, leaveInnerStreamOpen: true);
        await ssl.AuthenticateAsServerAsync(Certificate!, clientCertificateRequired: false, checkCertificateRevocation: false);
        return ssl;
    }

    /// <summary>AUTH PLAIN (initial response or after 334) or AUTH LOGIN: the user and password sent.</summary>
    private static async Task<(string? User, string? Password)> ReadCredentialsAsync(Session session, string line)
    {
        var parts = line.Split(' ');
        var mechanism = parts.Length > 1 ? parts[1].ToUpperInvariant() : "";
        static string Decode(string? text) => text is null ? "" : Encoding.UTF8.GetString(Convert.FromBase64String(text.Trim()));
        if (mechanism == "PLAIN")
        {
            var response = parts.Length > 2 ? parts[2] : await AskAsync(session, "334 ");
            var fields = Decode(response).Split('\0');
            return fields.Length == 3 ? (fields[1], fields[2]) : (null, null);
        }
        if (mechanism == "LOGIN")
        {
            var user = parts.Length > 2 ? Decode(parts[2]) : Decode(await AskAsync(session, "334 VXNlcm5hbWU6"));
            var password = Decode(await AskAsync(session, "334 UGFzc3dvcmQ6"));
            return (user, password);
        }
        return (null, null);
    }

    private static async Task<string?> AskAsync(Session session, string prompt)
    {
        await session.WriteAsync(prompt);
        return await session.ReadLineAsync();
    }

    private static string Address(string line) => line[(line.IndexOf('<') + 1)..line.IndexOf('>')];

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try { _accepting.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        _stop.Dispose();
    }

    /// <summary>Lines in and out over one stream (a new one after STARTTLS).</summary>
    private sealed class Session(Stream stream)
    {
        private readonly StreamReader _reader = new(stream, new UTF8Encoding(false), false, 1024, leaveOpen: true);
        private readonly StreamWriter _writer = new(stream, new UTF8Encoding(false), 1024, leaveOpen: true) { NewLine = "\r\n", AutoFlush = true };

        public Task<string?> ReadLineAsync() => _reader.ReadLineAsync();

        public Task WriteAsync(string line) => _writer.WriteLineAsync(line);
    }
}

/// <summary>One mail as the test server received it, with its headers and its decoded body.</summary>
public sealed record ReceivedMail(string From, IReadOnlyList<string> To, string? User, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string Subject => Headers.GetValueOrDefault("Subject", "");

    /// <summary>Reads the message as a mail client would (MIME, encoded words, transfer encodings).</summary>
    public static ReceivedMail Parse(string from, List<string> to, string? user, string data)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(data));
        var message = MimeMessage.Load(stream);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in message.Headers) headers.TryAdd(header.Field, header.Value);
        headers["Subject"] = message.Subject ?? "";
        return new ReceivedMail(from, to, user, headers, message.TextBody ?? "");
    }
}
