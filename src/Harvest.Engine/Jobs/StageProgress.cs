namespace Harvest.Engine.Jobs;

/// <summary>Progress of one stage of one job; <see cref="Total"/> is null while unknown.</summary>
public sealed record StageProgress(string JobId, Model.HarvestStage Stage, int Done, int? Total);
