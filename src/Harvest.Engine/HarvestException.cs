namespace Harvest.Engine;

/// <summary>A failure whose message is meant for the user: it names what is wrong.</summary>
public class HarvestException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>What a <see cref="HarvestNotFoundException"/> looked for.</summary>
public enum HarvestEntity { Source, Job, Object, Dataset }

/// <summary>A source, job, object or dataset that was asked for does not exist.</summary>
public sealed class HarvestNotFoundException(HarvestEntity entity, string message) : HarvestException(message)
{
    public HarvestEntity Entity { get; } = entity;
}

/// <summary>
/// A store made by a newer Harvest: this one cannot read or write it. Nothing this process does will change that, so a
/// consumer stops on it rather than retrying.
/// </summary>
public sealed class HarvestStoreTooNewException(int storeVersion, int knownVersion)
    : HarvestException($"the store is at schema version {storeVersion}, newer than this Harvest knows ({knownVersion}): upgrade Harvest");

/// <summary>A request that conflicts with current state, such as a second job for a busy source.</summary>
public sealed class HarvestConflictException(string message) : HarvestException(message);

/// <summary>A source config that its harvester rejects; one message per bad key.</summary>
public sealed class InvalidSourceConfigException(IReadOnlyList<string> errors)
    : HarvestException("invalid source config: " + string.Join("; ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
