using System.Globalization;

namespace Harvest.Engine.Model;

/// <summary>The extras the engine itself keeps on harvest objects (a harvester's own extras use other keys).</summary>
public static class ObjectExtras
{
    /// <summary>Set to <see cref="DeleteStatus"/> on the object that deletes a dataset no longer listed.</summary>
    public const string Status = "status";
    public const string DeleteStatus = "delete";
    /// <summary>A problem the record was harvested despite (<see cref="Harvesters.GatheredRecord.Warning"/>).</summary>
    public const string Warning = "warning";
    /// <summary>When the source says the record last changed (<see cref="Harvesters.GatheredRecord.Modified"/>), ISO 8601 in UTC.</summary>
    public const string SourceModified = "source_modified";

    public static string FormatDate(DateTimeOffset date) => date.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset? ParseDate(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var date) ? date : null;
}
