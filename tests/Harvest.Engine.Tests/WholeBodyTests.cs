using System.Text;
using Harvest.Engine.Http;

namespace Harvest.Engine.Tests;

/// <summary>A response body read whole for a document parsed whole (a CKAN page, a data.json read as one document).</summary>
public sealed class WholeBodyTests
{
    [Theory]
    [InlineData(null)]      // no Content-Length: the array grows as the body comes
    [InlineData(10L)]       // a Content-Length smaller than the body (a server that lies, or a decoded body)
    [InlineData(300_000L)]  // about the body's length
    public async Task The_body_is_read_whole_whatever_length_was_announced(long? announced)
    {
        var text = "{\"results\": [" + string.Join(", ", Enumerable.Range(0, 20_000).Select(i => $"\"id-{i}\"")) + "]}";
        using var body = new MemoryStream(Encoding.UTF8.GetBytes(text));

        using var whole = await WholeBody.ReadAsync(body, announced, CancellationToken.None);

        Assert.Equal(text, Encoding.UTF8.GetString(whole.Memory.Span));
        Assert.Equal(Encoding.UTF8.GetByteCount(text), whole.Length);
    }

    [Fact]
    public async Task A_utf8_byte_order_mark_is_left_out_and_the_rest_parses()
    {
        using var body = new MemoryStream([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("{\"count\": 2}")]);

        using var whole = await WholeBody.ReadAsync(body, null, CancellationToken.None);

        using var document = System.Text.Json.JsonDocument.Parse(whole.Memory);
        Assert.Equal(2, document.RootElement.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task An_empty_body_is_empty()
    {
        using var body = new MemoryStream();
        using var whole = await WholeBody.ReadAsync(body, 0, CancellationToken.None);
        Assert.True(whole.Memory.IsEmpty);
    }

    [Fact]
    public async Task A_disposed_body_can_no_longer_be_read()
    {
        using var body = new MemoryStream(Encoding.UTF8.GetBytes("[]"));
        var whole = await WholeBody.ReadAsync(body, 2, CancellationToken.None);
        whole.Dispose();
        Assert.Throws<ObjectDisposedException>(() => whole.Memory);
    }
}
