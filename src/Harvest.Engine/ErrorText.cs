namespace Harvest.Engine;

internal static class ErrorText
{
    /// <summary>The user-facing text of an exception: our own messages as they are, others with their type.</summary>
    public static string Describe(Exception e) => e is HarvestException ? e.Message : $"{e.GetType().Name}: {e.Message}";
}
