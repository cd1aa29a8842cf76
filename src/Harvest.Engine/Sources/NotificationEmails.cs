using System.Net.Mail;
using System.Text.Json.Nodes;
using Harvest.Engine.Model;

namespace Harvest.Engine.Sources;

/// <summary>
/// The source config key <c>notification_emails</c>: addresses that get the source's status mails along with the
/// admins. Every harvester type accepts it (see <see cref="SourceConfig"/>).
/// </summary>
public static class NotificationEmails
{
    public const string Key = "notification_emails";

    /// <summary>The source's notification addresses (none when the key is absent).</summary>
    public static IReadOnlyList<string> Of(HarvestSource source)
    {
        try
        {
            var config = ConfigReader.Parse(source.Config);
            return config.TryGetPropertyValue(Key, out var node) ? Parse(node, []) ?? [] : [];
        }
        catch (InvalidSourceConfigException)
        {
            return [];
        }
    }

    /// <summary>Splits a comma-separated list of addresses, refusing any that is not one.</summary>
    public static IReadOnlyList<string> ParseList(string? text, string what)
    {
        var errors = new List<string>();
        var addresses = Parse(text is null ? null : JsonValue.Create(text), errors, what) ?? [];
        if (errors.Count > 0) throw new Settings.HarvestSettingsException(string.Join("; ", errors));
        return addresses;
    }

    internal static List<string>? Parse(JsonNode? node, List<string> errors, string what = Key)
    {
        if (node is null) return null;
        IEnumerable<string> items;
        if (node is JsonValue value && value.TryGetValue<string>(out var single))
            items = single.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        else if (node is JsonArray array && array.All(i => i is JsonValue v && v.TryGetValue<string>(out _)))
            items = array.Select(i => i!.GetValue<string>().Trim());
        else
        {
            errors.Add($"'{what}' must be a list of e-mail addresses");
            return null;
        }
        var result = new List<string>();
        foreach (var item in items)
        {
            if (IsAddress(item)) result.Add(item);
            else errors.Add($"'{what}': '{item}' is not an e-mail address");
        }
        return result;
    }

    /// <summary>A bare address (no display name, no line breaks): what SMTP's RCPT TO takes.</summary>
    public static bool IsAddress(string text) =>
        text.Length is > 2 and <= 254 && !text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or '"')
        && MailAddress.TryCreate(text, out var address) && address.Address == text && address.DisplayName.Length == 0;
}
