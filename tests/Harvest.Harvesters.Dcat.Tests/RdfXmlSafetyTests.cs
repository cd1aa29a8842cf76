using System.Net;
using System.Net.Sockets;
using Harvest.Harvesters.Dcat.Rdf;
using static Harvest.Harvesters.Dcat.Tests.Support.Rdf;

namespace Harvest.Harvesters.Dcat.Tests;

/// <summary>
/// RDF/XML never processes a DTD: a DOCTYPE is skipped, nothing it names is requested, and its entities are never
/// expanded, so a document that uses one is a syntax error (the choice made over expanding internal entities).
/// </summary>
public sealed class RdfXmlSafetyTests
{
    private const string Body = """
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:n="http://n.test/">
          <rdf:Description rdf:about="http://n.test/s"><n:p>CONTENT</n:p></rdf:Description>
        </rdf:RDF>
        """;

    [Fact]
    public async Task An_external_DTD_is_never_requested_and_the_document_still_parses()
    {
        using var server = new ConnectionRecorder();
        var graph = Parse(RdfFormat.RdfXml, $"<!DOCTYPE rdf:RDF SYSTEM \"http://127.0.0.1:{server.Port}/evil.dtd\">\n" + Body.Replace("CONTENT", "fine"));
        Assert.Equal("fine", ((Literal)Assert.Single(graph).Object).LexicalForm);
        Assert.Equal(0, await server.ConnectionsAfterAWhile());
    }

    [Fact]
    public async Task An_external_entity_is_never_requested_and_its_use_is_a_syntax_error()
    {
        using var server = new ConnectionRecorder();
        var document = $"""
            <?xml version="1.0"?>
            <!DOCTYPE rdf:RDF [
              <!ENTITY % remote SYSTEM "http://127.0.0.1:{server.Port}/parameter.dtd">
              %remote;
              <!ENTITY secret SYSTEM "http://127.0.0.1:{server.Port}/secret.txt">
            ]>
            """ + "\n" + Body.Replace("CONTENT", "&secret;");
        var error = Assert.Throws<RdfSyntaxException>(() => Parse(RdfFormat.RdfXml, document));
        Assert.Contains("secret", error.Reason);
        Assert.Contains("DTDs are not processed", error.Reason);
        Assert.Equal(8, error.Line);
        Assert.Equal(0, await server.ConnectionsAfterAWhile());
    }

    [Fact]
    public void A_billion_laughs_document_fails_at_once_without_expanding_anything()
    {
        var entities = string.Join("\n", Enumerable.Range(1, 9).Select(i =>
            $"  <!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">"));
        var document = $"<?xml version=\"1.0\"?>\n<!DOCTYPE rdf:RDF [\n  <!ENTITY lol0 \"lol\">\n{entities}\n]>\n" + Body.Replace("CONTENT", "&lol9;");
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<RdfSyntaxException>(() => Parse(RdfFormat.RdfXml, document));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("lol9", error.Reason);
        Assert.True(allocated < 5_000_000, $"parsing allocated {allocated} bytes");
    }

    [Fact]
    public void Entities_declared_for_namespace_shorthand_are_not_expanded_either()
    {
        var document = """
            <!DOCTYPE rdf:RDF [ <!ENTITY ex "http://n.test/"> ]>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:n="http://n.test/">
              <rdf:Description rdf:about="&ex;thing"><n:p>x</n:p></rdf:Description>
            </rdf:RDF>
            """;
        var error = Assert.Throws<RdfSyntaxException>(() => Parse(RdfFormat.RdfXml, document));
        Assert.Equal(3, error.Line);
        Assert.Contains("'ex'", error.Reason);
        Assert.DoesNotContain("position", error.Reason);
    }

    [Fact]
    public async Task The_connection_recorder_does_see_a_request()
    {
        using var server = new ConnectionRecorder();
        using (var client = new TcpClient())
            await client.ConnectAsync(IPAddress.Loopback, server.Port);
        Assert.Equal(1, await server.ConnectionsAfterAWhile());
    }

    /// <summary>Listens on 127.0.0.1 and counts the connections made to it.</summary>
    private sealed class ConnectionRecorder : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private int _connections;

        public ConnectionRecorder()
        {
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    try
                    {
                        using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                        Interlocked.Increment(ref _connections);
                    }
                    catch (Exception) when (_stop.IsCancellationRequested)
                    {
                        return;
                    }
                }
            });
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public async Task<int> ConnectionsAfterAWhile()
        {
            await Task.Delay(300);
            return Volatile.Read(ref _connections);
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }
}
