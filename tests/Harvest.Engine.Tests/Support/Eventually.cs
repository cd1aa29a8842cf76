namespace Harvest.Engine.Tests.Support;

/// <summary>Waits for a condition that other threads or processes bring about, failing (not hanging) after a generous bound.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, int seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"gave up after {seconds} s waiting for {what}");
            await Task.Delay(100);
        }
    }
}
