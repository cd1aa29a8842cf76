using System.Buffers;
using System.Security.Cryptography;

namespace Harvest.Engine.Json;

/// <summary>
/// A buffer writer that feeds SHA-256 a buffer at a time: what is written to it is hashed, never held whole, so the
/// canonical form of a huge record costs one small buffer.
/// </summary>
internal sealed class HashingBufferWriter : IBufferWriter<byte>, IDisposable
{
    private const int KeptBufferBytes = 1 << 20;
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _buffer = new byte[16 * 1024];
    private int _written;

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>The hash of everything written since the last call; the writer is then ready for the next record.</summary>
    public string Finish()
    {
        Drain();
        Span<byte> hash = stackalloc byte[32];
        _sha.GetHashAndReset(hash);
        if (_buffer.Length > KeptBufferBytes) _buffer = new byte[16 * 1024]; // let an unusually large value's buffer go
        return Convert.ToHexStringLower(hash);
    }

    private void Ensure(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= sizeHint) return;
        Drain();
        if (_buffer.Length < sizeHint) _buffer = new byte[Math.Max(sizeHint, 2 * _buffer.Length)];
    }

    private void Drain()
    {
        _sha.AppendData(_buffer, 0, _written);
        _written = 0;
    }

    public void Dispose() => _sha.Dispose();
}
