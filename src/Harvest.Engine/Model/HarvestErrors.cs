namespace Harvest.Engine.Model;

public sealed class HarvestGatherError
{
    public required string ErrorId { get; init; }
    public required string JobId { get; init; }
    public required string Message { get; init; }
    public DateTimeOffset Created { get; init; }

    public override string ToString() => Message;
}

public sealed class HarvestObjectError
{
    public required string ErrorId { get; init; }
    public required string ObjectId { get; init; }
    public required string Message { get; init; }
    public HarvestStage Stage { get; init; }
    /// <summary>Line in the source document where the problem is, when known.</summary>
    public int? Line { get; init; }
    public DateTimeOffset Created { get; init; }

    public override string ToString() => $"{Stage}: {Message}";
}

public sealed class HarvestLogEntry
{
    public required long LogId { get; init; }
    public required string Level { get; init; }
    public required string Content { get; init; }
    public DateTimeOffset Created { get; init; }

    public override string ToString() => $"{Created:u} {Level} {Content}";
}

/// <summary>Something a gather did not fail over but that its job's report says: the listing was incomplete, so nothing was deleted.</summary>
public sealed record GatherWarning(string Message, DateTimeOffset Created)
{
    public override string ToString() => Message;
}
