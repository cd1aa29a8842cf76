namespace Harvest.Engine.Http;

/// <summary>
/// A stream whose reads stop waiting when they are cancelled, even when the read beneath cannot be interrupted (a FIFO
/// read on Unix blocks a thread until data comes). The abandoned read ends when the stream is disposed or data arrives.
/// </summary>
internal sealed class CancellableReads(Stream inner) : ReadOnlyForwardStream(inner)
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        await Inner.ReadAsync(buffer, CancellationToken.None).AsTask().WaitAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => Inner.Read(buffer, offset, count);
}
