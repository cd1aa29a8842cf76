namespace Harvest.Engine.Tests.Support;

/// <summary>
/// An <see cref="IProgress{T}"/> that runs its callback at once, on the reporting thread, so that a test can look
/// at (or act on) a job between stages. <see cref="Progress{T}"/> would post it to the thread pool instead.
/// </summary>
public sealed class SyncProgress<T>(Action<T> callback) : IProgress<T>
{
    public void Report(T value) => callback(value);
}
