using System.Text.Json;

namespace Harvest.Harvesters.Dcat.Rdf;

internal static class JsonLdErrors
{
    /// <summary>A JSON-LD error at a value: its line and column, and the remote context's URL when it is in one.</summary>
    public static RdfSyntaxException At(JNode? at, string reason)
    {
        if (at?.Source is not { } source) return new RdfSyntaxException(RdfFormat.JsonLd, reason, 0, 0);
        var (line, column) = source.Position(at.Offset);
        if (source.Url is not null) reason = $"{reason} (in the remote context {source.Url}, line {line}, column {column})";
        return source.Url is null ? new RdfSyntaxException(RdfFormat.JsonLd, reason, line, column) : new RdfSyntaxException(RdfFormat.JsonLd, reason, 0, 0);
    }

    public static RdfSyntaxException FromJson(JsonException e, string? url)
    {
        var line = (int)(e.LineNumber ?? -1) + 1;
        var column = (int)(e.BytePositionInLine ?? -1) + 1;
        var reason = "not valid JSON: " + (e.Message.Split(" LineNumber:", 2)[0].Split(" Path:", 2)[0].TrimEnd('.', ' '));
        if (url is null) return new RdfSyntaxException(RdfFormat.JsonLd, reason, line, column, e);
        return new RdfSyntaxException(RdfFormat.JsonLd, $"the remote context {url} is {reason} (line {line}, column {column})", 0, 0, e);
    }
}
