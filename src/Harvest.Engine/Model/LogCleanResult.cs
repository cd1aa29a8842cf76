namespace Harvest.Engine.Model;

/// <summary>What clean-harvest-log removed: the entries written before <see cref="Cutoff"/>.</summary>
public sealed record LogCleanResult(int EntriesRemoved, DateTimeOffset Cutoff);
