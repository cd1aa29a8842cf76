using System.Security.Cryptography;
using System.Text;

namespace Harvest.Harvesters.Iso;

/// <summary>
/// The content hash of an ISO record as the harvesters store it (standalone XML text): SHA-256 of its UTF-8 bytes. The
/// text is what the harvester made of the record, so the same remote record always hashes the same.
/// </summary>
public static class XmlContentHash
{
    public static string Of(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
    }
}
