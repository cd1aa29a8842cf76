namespace Harvest.Engine.Harvesters;

/// <summary>
/// A harvester whose record contents are not JSON, or that compares them its own way. The hash decides whether a
/// record changed since its dataset's current object: equal hashes mean "not modified". Without it, contents are
/// JSON and hashed in canonical form (object keys sorted).
/// </summary>
public interface IContentHasher : IHarvester
{
    /// <summary>A stable hash of a record's content; throws <see cref="FormatException"/> when the content cannot be read.</summary>
    string HashContent(string content);
}
