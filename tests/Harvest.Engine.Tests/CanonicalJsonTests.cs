using System.Text.Json;
using Harvest.Engine.Json;

namespace Harvest.Engine.Tests;

/// <summary>The content hash behind "not modified": equal for equal JSON whatever its key order or layout.</summary>
public sealed class CanonicalJsonTests
{
    [Theory]
    [InlineData("""{"a":1,"b":2}""", """{"b":2,"a":1}""")]
    [InlineData("""{"a":1,"b":2}""", "{\n  \"a\" : 1,\r\n\t\"b\":   2\n}\n")]
    [InlineData("""{"o":{"y":[1,{"q":1,"p":2}],"x":null}}""", """{"o":{"x":null,"y":[1,{"p":2,"q":1}]}}""")]
    [InlineData("""{"t":"A\u00e9"}""", """{"t":"Aé"}""")]
    [InlineData("""{"\u0061":true}""", """{"a":true}""")]
    [InlineData("[]", " [ ] ")]
    public void Equal_json_hashes_the_same(string left, string right) =>
        Assert.Equal(CanonicalJson.Hash(left), CanonicalJson.Hash(right));

    [Theory]
    [InlineData("""{"a":[1,2]}""", """{"a":[2,1]}""")]
    [InlineData("""{"a":"1"}""", """{"a":1}""")]
    [InlineData("""{"a":null}""", """{}""")]
    [InlineData("""{"a":{"b":1}}""", """{"a":{"b":2}}""")]
    [InlineData("""{"a":"x"}""", """{"A":"x"}""")]
    [InlineData("""{"a":"x "}""", """{"a":"x"}""")]
    [InlineData("""{"a":true}""", """{"a":false}""")]
    public void Different_json_hashes_differently(string left, string right) =>
        Assert.NotEqual(CanonicalJson.Hash(left), CanonicalJson.Hash(right));

    [Fact]
    public void The_hash_is_a_lower_case_sha256_hex_string()
    {
        var hash = CanonicalJson.Hash("""{"b":1,"a":2}""");

        Assert.Matches("^[0-9a-f]{64}$", hash);
        // SHA-256 of the canonical text {"a":2,"b":1}.
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("{\"a\":2,\"b\":1}"u8));
        Assert.Equal(expected, hash);
    }

    [Fact]
    public void Nested_objects_are_sorted_and_a_repeated_key_keeps_its_order()
    {
        var hash = CanonicalJson.Hash("""{"z":[{"y":1,"x":[true,{"d":null,"c":"s"}]}],"a":1,"m":{"b":0,"a":2,"b":1}}""");

        var canonical = """{"a":1,"m":{"a":2,"b":0,"b":1},"z":[{"x":[true,{"c":"s","d":null}],"y":1}]}"""u8;
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(canonical)), hash);
    }

    [Fact]
    public void Hashing_an_element_equals_hashing_its_text()
    {
        const string json = """{"z":[3,2,1],"k":{"b":"β","a":"α"}}""";
        using var document = JsonDocument.Parse(json);

        Assert.Equal(CanonicalJson.Hash(json), CanonicalJson.Hash(document.RootElement));
    }

    [Fact]
    public void Malformed_json_throws_a_json_exception()
    {
        Assert.ThrowsAny<JsonException>(() => CanonicalJson.Hash("""{"a":"""));
    }
}
