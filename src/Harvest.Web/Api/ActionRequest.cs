using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Harvest.Web.Api;

/// <summary>An action's parameters, as CKAN takes them: the query string, a JSON body or a form body.</summary>
public sealed class ActionRequest
{
    private readonly Dictionary<string, JsonNode?> _values = new(StringComparer.Ordinal);

    public static async Task<ActionRequest> ReadAsync(HttpRequest request)
    {
        var result = new ActionRequest();
        foreach (var (key, value) in request.Query) result._values[key] = JsonValue.Create(value.ToString());
        if (!HttpMethods.IsPost(request.Method)) return result;
        // CKAN reads a JSON body whatever the content type says (curl -d sends JSON as a form); a form is a form.
        request.EnableBuffering();
        string body;
        using (var reader = new StreamReader(request.Body, leaveOpen: true)) body = await reader.ReadToEndAsync();
        request.Body.Position = 0;
        if (request.HasFormContentType && !body.TrimStart().StartsWith('{'))
        {
            var form = await request.ReadFormAsync();
            foreach (var (key, value) in form) result._values[key] = JsonValue.Create(value.ToString());
            return result;
        }
        if (string.IsNullOrWhiteSpace(body)) return result;
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw new BadRequestException($"the request body is not valid JSON: {e.Message}");
        }
        if (node is not JsonObject fields) throw new BadRequestException("the request body must be a JSON object");
        foreach (var (key, value) in fields) result._values[key] = value?.DeepClone();
        return result;
    }

    public bool Has(string key) => _values.TryGetValue(key, out var value) && value is not null;

    /// <summary>The parameter as text (JSON objects and arrays as their JSON); null when absent or empty.</summary>
    public string? String(string key)
    {
        if (!_values.TryGetValue(key, out var node) || node is null) return null;
        var text = node is JsonValue value && value.TryGetValue<string>(out var s) ? s : node.ToJsonString();
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    public string Required(string key) => String(key) ?? throw new ActionValidationException(key, "Missing value");

    public int Integer(string key, int fallback)
    {
        var text = String(key);
        if (text is null) return fallback;
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new ActionValidationException(key, $"Invalid integer: '{text}'");
    }

    public bool? Boolean(string key) => String(key)?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        var other => throw new ActionValidationException(key, $"Invalid boolean: '{other}'"),
    };
}

/// <summary>A request CKAN answers 400: a body that is not JSON.</summary>
public sealed class BadRequestException(string message) : Exception(message);

/// <summary>A parameter CKAN's validation refuses (409, "Validation Error"), named by its key.</summary>
public sealed class ActionValidationException(string key, string message) : Exception($"{key}: {message}")
{
    public string Key { get; } = key;
    public string Detail { get; } = message;
}

/// <summary>A request that needs a token it does not carry (403, "Authorization Error").</summary>
public sealed class NotAuthorizedException(string message) : Exception(message);
