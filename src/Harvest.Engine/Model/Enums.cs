namespace Harvest.Engine.Model;

public enum JobStatus { New, Running, Finished, Aborted }

public enum ObjectState { Waiting, Fetch, Import, Complete, Error }

/// <summary>What importing an object did to the local catalog.</summary>
public enum ReportStatus { None, Added, Updated, NotModified, Deleted, Errored }

public enum HarvestFrequency { Manual, Always, Daily, Weekly, Biweekly, Monthly }

public enum HarvestStage { Gather, Fetch, Import }

public enum DatasetState { Active, Deleted }
