using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Harvest.Engine.Tests.Support;

/// <summary>
/// A small SMTP server on 127.0.0.1 that records what it receives: EHLO, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT.
/// <see cref="RejectSender"/> makes it refuse MAIL FROM, to test failures.
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
    /// <summary>AUTH PLAIN credentials this server accepts; null accepts none (and does not offer AUTH).</summary>
    public (string User, string Password)? Credentials { get; init; }
    public bool RejectSender { get; init; }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
        string? from = null, user = null;
        var to = new List<string>();
        try
        {
            await writer.WriteLineAsync("220 test smtp ready");
            while (await reader.ReadLineAsync() is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-test greets you");
                        if (Credentials is not null) await writer.WriteLineAsync("250-AUTH PLAIN");
                        await writer.WriteLineAsync("250 8BITMIME");
                        break;
                    case "AUTH":
                        var parts = Encoding.UTF8.GetString(Convert.FromBase64String(line.Split(' ')[2])).Split('\0');
                        if (Credentials is { } c && parts[1] == c.User && parts[2] == c.Password)
                        {
                            user = parts[1];
                            await writer.WriteLineAsync("235 authenticated");
                        }
                        else await writer.WriteLineAsync("535 bad credentials");
                        break;
                    case "MAIL":
                        if (RejectSender) { await writer.WriteLineAsync("550 sender refused"); break; }
                        if (Credentials is not null && user is null) { await writer.WriteLineAsync("530 authentication required"); break; }
                        from = Address(line);
                        await writer.WriteLineAsync("250 ok");
                        break;
                    case "RCPT":
                        to.Add(Address(line));
                        await writer.WriteLineAsync("250 ok");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 go on");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync() is { } dataLine && dataLine != ".")
                            data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                        Received.Enqueue(ReceivedMail.Parse(from!, to.ToList(), user, data.ToString()));
                        to.Clear();
                        await writer.WriteLineAsync("250 queued");
                        break;
                    case "RSET":
                    case "NOOP":
                        await writer.WriteLineAsync("250 ok");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 not implemented");
                        break;
                }
            }
        }
        catch (IOException)
        {
        }
    }

    private static string Address(string line) => line[(line.IndexOf('<') + 1)..line.IndexOf('>')];

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try { _accepting.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        _stop.Dispose();
    }
}

/// <summary>One mail as the test server received it, with its headers and its decoded body.</summary>
public sealed record ReceivedMail(string From, IReadOnlyList<string> To, string? User, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string Subject
    {
        get
        {
            var subject = Headers.GetValueOrDefault("Subject", "");
            return subject.StartsWith("=?utf-8?B?", StringComparison.OrdinalIgnoreCase)
                ? Encoding.UTF8.GetString(Convert.FromBase64String(subject[10..^2]))
                : subject;
        }
    }

    public static ReceivedMail Parse(string from, List<string> to, string? user, string data)
    {
        var split = data.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headers = data[..split].Split("\r\n").Select(l => l.Split(':', 2)).ToDictionary(p => p[0], p => p[1].Trim());
        var body = data[(split + 4)..];
        if (headers.GetValueOrDefault("Content-Transfer-Encoding")?.Equals("base64", StringComparison.OrdinalIgnoreCase) == true)
            body = Encoding.UTF8.GetString(Convert.FromBase64String(body.Replace("\r\n", "")));
        return new ReceivedMail(from, to, user, headers, body);
    }
}
