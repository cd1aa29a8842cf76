using System.Text;
using static Harvest.Harvesters.Iso.Tests.Support.IsoXmlBuilder;

namespace Harvest.Harvesters.Iso.Tests;

/// <summary>Turning fetched bytes into record text: byte order marks, declared encodings, invalid bytes.</summary>
public sealed class RecordEncodingTests
{
    private const string Title = "Ορθοφωτογραφίες – café";

    private static string Declared(string encoding) => Record(title: Title, prolog: $"""<?xml version="1.0" encoding="{encoding}"?>""");

    [Fact]
    public void UTF_8_with_and_without_a_byte_order_mark_reads()
    {
        var xml = Declared("UTF-8");

        Assert.Equal(Title, IsoReader.Read(Encoding.UTF8.GetBytes(xml)).Title);
        Assert.Equal(Title, IsoReader.Read([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(xml)]).Title);
    }

    [Fact]
    public void UTF_16_with_a_byte_order_mark_reads()
    {
        var xml = Declared("UTF-16");

        Assert.Equal(Title, IsoReader.Read([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(xml)]).Title);
        Assert.Equal(Title, IsoReader.Read([.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(xml)]).Title);
    }

    [Fact]
    public void A_declared_single_byte_encoding_is_honoured()
    {
        var latin = Record(title: "Données", prolog: """<?xml version="1.0" encoding="ISO-8859-1"?>""");
        var windows = Record(title: "It’s – here", prolog: """<?xml version="1.0" encoding="windows-1252"?>""");

        Assert.Equal("Données", IsoReader.Read(Encoding.Latin1.GetBytes(latin)).Title);
        Assert.Equal("It’s – here", IsoReader.Read(CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(windows)).Title);
    }

    [Fact]
    public void A_record_with_no_declaration_must_be_UTF_8()
    {
        var bytes = Encoding.Latin1.GetBytes(Record(title: "Données"));

        var error = Assert.Throws<IsoRecordException>(() => IsoReader.Read(bytes));

        Assert.Equal(IsoRecordProblem.InvalidEncoding, error.Problem);
        Assert.StartsWith("the record has no encoding declaration, so it must be UTF-8, but byte 0xE9 at offset", error.Message);
    }

    [Fact]
    public void A_byte_outside_a_declared_ASCII_is_an_error()
    {
        var bytes = Encoding.Latin1.GetBytes(Record(title: "Données", prolog: """<?xml version="1.0" encoding="US-ASCII"?>"""));

        var error = Assert.Throws<IsoRecordException>(() => IsoReader.Read(bytes));

        Assert.Equal(IsoRecordProblem.InvalidEncoding, error.Problem);
        Assert.StartsWith("the record declares encoding US-ASCII, but byte 0xE9 at offset", error.Message);
    }

    [Fact]
    public void An_unknown_encoding_is_an_error_naming_it()
    {
        var bytes = Encoding.ASCII.GetBytes(Record(prolog: """<?xml version="1.0" encoding="x-martian"?>"""));

        var error = Assert.Throws<IsoRecordException>(() => IsoReader.Read(bytes));

        Assert.Equal(IsoRecordProblem.UnsupportedEncoding, error.Problem);
        Assert.Equal("the record declares encoding 'x-martian', which is not supported", error.Message);
    }

    [Fact]
    public void Text_already_decoded_ignores_its_declaration()
    {
        Assert.Equal(Title, IsoReader.Read(Declared("ISO-8859-7")).Title);
    }
}
