namespace Harvest.Harvesters.DataJson.Validation;

/// <summary>
/// The DCAT-US 1.1 (Project Open Data v1.1) dataset rules, federal and non-federal, as the official JSON Schemas state
/// them. The two profiles differ only in bureauCode and programCode: required (and never null) for federal datasets.
/// </summary>
internal static class DcatUs11Rules
{
    // Patterns, with JavaScript regular-expression semantics (see PatternRule). Group numbers matter: the date
    // patterns refer back to their separator groups (\3 / \4 for the date, \17 / \18 for the time).
    private static string IsoDateTime(int dateSeparatorGroup, int timeSeparatorGroup) =>
        @"([\+-]?\d{4}(?!\d{2}\b))((-?)((0[1-9]|1[0-2])(\" + dateSeparatorGroup + @"([12]\d|0[1-9]|3[01]))?|W([0-4]\d|5[0-2])(-?[1-7])?|" +
        @"(00[1-9]|0[1-9]\d|[12]\d{2}|3([0-5]\d|6[1-6])))([T\s]((([01]\d|2[0-3])((:?)[0-5]\d)?|24\:?00)([\.,]\d+(?!:))?)?" +
        @"(\" + timeSeparatorGroup + @"[0-5]\d([\.,]\d+)?)?([zZ]|([\+-])([01]\d|2[0-3]):?([0-5]\d)?)?)?)?";

    private const string Duration =
        @"P(?:\d+(?:\.\d+)?Y)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?W)?(?:\d+(?:\.\d+)?D)?(?:T(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?";

    private static readonly PatternRule Redacted = new("[[REDACTED...]]", @"^(\[\[REDACTED).*?(\]\])$");
    private static readonly PatternRule IsoDate = new("an ISO 8601 date", "^" + IsoDateTime(3, 17) + "$");
    private static readonly PatternRule IsoInterval = new("an ISO 8601 interval start/end",
        "^" + IsoDateTime(3, 17) + @"(\/)" + IsoDateTime(3, 17) + "$");
    private static readonly PatternRule RepeatedDuration = new("an ISO 8601 duration", @"^(R\d*\/)?" + Duration + "$");
    private static readonly PatternRule StartAndDuration = new("an ISO 8601 interval start/duration",
        @"^(R\d*\/)?" + IsoDateTime(4, 18) + @"(\/)" + Duration + "$");
    private static readonly PatternRule DurationAndEnd = new("an ISO 8601 interval duration/end",
        @"^(R\d*\/)?" + Duration + @"\/" + IsoDateTime(4, 18) + "$");
    private static readonly PatternRule Periodicity = new("an ISO 8601 repeating duration (R/P...)", @"^R\/" + Duration + "$");
    private static readonly PatternRule MediaType = new("a media type (type/subtype)", @"^[-\w]+/[-\w]+(\.[-\w]+)*([+][-\w]+)?$");
    private static readonly PatternRule Email = new("mailto:address", @"^mailto:[\w_~!$&'()*+,;=:.-]+@[\w.-]+\.[\w.-]+?$");
    private static readonly PatternRule BureauCode = new("NNN:NN", "[0-9]{3}:[0-9]{2}");
    private static readonly PatternRule ProgramCode = new("NNN:NNN", "[0-9]{3}:[0-9]{3}");
    private static readonly PatternRule InvestmentUii = new("NNN-NNNNNNNNN", "[0-9]{3}-[0-9]{9}");
    private static readonly PatternRule Language = new("an RFC 5646 language tag",
        @"^(((([A-Za-z]{2,3}(-([A-Za-z]{3}(-[A-Za-z]{3}){0,2}))?)|[A-Za-z]{4}|[A-Za-z]{5,8})(-([A-Za-z]{4}))?(-([A-Za-z]{2}|[0-9]{3}))?" +
        @"(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*(-([0-9A-WY-Za-wy-z](-[A-Za-z0-9]{2,8})+))*(-(x(-[A-Za-z0-9]{1,8})+))?)|" +
        @"(x(-[A-Za-z0-9]{1,8})+)|((en-GB-oed|i-ami|i-bnn|i-default|i-enochian|i-hak|i-klingon|i-lux|i-mingo|i-navajo|i-pwn|i-tao|" +
        @"i-tay|i-tsu|sgn-BE-FR|sgn-BE-NL|sgn-CH-DE)|(art-lojban|cel-gaulish|no-bok|no-nyn|zh-guoyu|zh-hakka|zh-min|zh-min-nan|zh-xiang)))$");

    private static StringRule Text(int? min = null, int? max = null) => new() { MinLength = min, MaxLength = max };
    private static StringRule Matching(PatternRule pattern) => new() { Pattern = pattern };
    private static StringRule RedactedText() => new() { Pattern = Redacted, Name = "a [[REDACTED...]] marker" };
    private static StringRule Uri() => new() { Uri = true };
    private static Rule Null() => new NullRule();

    /// <summary>A URI, null or redacted: the shape of most optional link fields.</summary>
    private static Rule OptionalUri() => new AnyOfRule(Uri(), Null(), RedactedText());

    private static Rule OptionalMediaType() => new AnyOfRule(Matching(MediaType), Null(), RedactedText());

    public static readonly ObjectRule Federal = Dataset(federal: true);
    public static readonly ObjectRule NonFederal = Dataset(federal: false);

    private static ObjectRule Dataset(bool federal)
    {
        string[] required = ["title", "description", "keyword", "modified", "publisher", "contactPoint", "identifier", "accessLevel"];
        var dataset = new ObjectRule
        {
            Name = "a dataset object",
            Required = federal ? [.. required[..2], "bureauCode", "programCode", .. required[2..]] : required,
        };
        var p = dataset.Properties;
        p["@type"] = new OneOfStringsRule("dcat:Dataset");
        p["accessLevel"] = new OneOfStringsRule("public", "restricted public", "non-public");
        p["rights"] = new AnyOfRule(Text(1, 255), Null());
        p["accrualPeriodicity"] = new AnyOfRule(new OneOfStringsRule("irregular"), Matching(Periodicity), Null(), RedactedText());
        p["bureauCode"] = Codes(BureauCode, federal);
        p["contactPoint"] = ContactPoint();
        p["describedBy"] = OptionalUri();
        p["describedByType"] = OptionalMediaType();
        p["conformsTo"] = OptionalUri();
        p["dataQuality"] = new AnyOfRule(new BooleanRule(), Null(), RedactedText());
        p["description"] = Text(1, 10000);
        p["distribution"] = new AnyOfRule(
            new ArrayRule(new AnyOfRule(Distribution(), RedactedText())),
            Null(), RedactedText());
        p["identifier"] = Text(1);
        p["issued"] = new AnyOfRule(Matching(IsoDate), Null(), RedactedText());
        p["keyword"] = new AnyOfRule(new ArrayRule(Text(1, 1000)) { MinItems = 1, MaxItems = 1000 }, RedactedText());
        p["landingPage"] = OptionalUri();
        p["language"] = new AnyOfRule(Null(), RedactedText(), new ArrayRule(Matching(Language)));
        p["license"] = OptionalUri();
        p["modified"] = new AnyOfRule(Matching(IsoDate), Matching(RepeatedDuration), Matching(StartAndDuration), RedactedText());
        p["primaryITInvestmentUII"] = new AnyOfRule(Matching(InvestmentUii), Null(), RedactedText());
        p["programCode"] = Codes(ProgramCode, federal);
        p["publisher"] = new RefRule(() => Organization);
        p["references"] = new AnyOfRule(
            new ArrayRule(new AnyOfRule(Uri(), RedactedText())) { MinItems = 1, UniqueItems = true },
            Null(), RedactedText());
        p["spatial"] = new AnyOfRule(Text(1), Bounds(), Null());
        p["systemOfRecords"] = new AnyOfRule(Text(1), Null());
        p["temporal"] = new AnyOfRule(Matching(IsoInterval), Matching(StartAndDuration), Matching(DurationAndEnd), Null(), RedactedText());
        p["isPartOf"] = new AnyOfRule(Text(1), Null());
        p["theme"] = new AnyOfRule(new ArrayRule(Text(1)) { MinItems = 1, UniqueItems = true }, Null(), RedactedText());
        p["title"] = Text(1);
        return dataset;
    }

    /// <summary>bureauCode / programCode: a non-empty list of distinct codes; non-federal datasets may give null.</summary>
    private static Rule Codes(PatternRule pattern, bool federal)
    {
        var list = new ArrayRule(Matching(pattern)) { MinItems = 1, UniqueItems = true };
        return federal ? new AnyOfRule(list, RedactedText()) : new AnyOfRule(list, Null(), RedactedText());
    }

    private static ObjectRule ContactPoint()
    {
        var vcard = new ObjectRule { Name = "a vcard:Contact object", Required = ["fn", "hasEmail"] };
        vcard.Properties["@type"] = new OneOfStringsRule("vcard:Contact");
        vcard.Properties["fn"] = Text(1);
        vcard.Properties["hasEmail"] = new AnyOfRule(Matching(Email), RedactedText());
        return vcard;
    }

    private static readonly ObjectRule Organization = MakeOrganization();

    private static ObjectRule MakeOrganization()
    {
        var organization = new ObjectRule { Name = "an org:Organization object", Required = ["name"] };
        organization.Properties["@type"] = new OneOfStringsRule("org:Organization");
        organization.Properties["name"] = Text(1);
        organization.Properties["subOrganizationOf"] = new RefRule(() => Organization);
        return organization;
    }

    private static ObjectRule Bounds()
    {
        var bounds = new ObjectRule { Name = "a geometry object" };
        bounds.Properties["coordinates"] = new ArrayRule(new ArrayRule(new NumberRule()));
        bounds.Properties["type"] = Text();
        return bounds;
    }

    private static ObjectRule Distribution()
    {
        var distribution = new ObjectRule { Name = "a dcat:Distribution object" };
        var p = distribution.Properties;
        p["@type"] = new OneOfStringsRule("dcat:Distribution");
        p["downloadURL"] = new AnyOfRule(Uri(), RedactedText());
        p["mediaType"] = OptionalMediaType();
        p["format"] = new AnyOfRule(Text(1), Null());
        p["accessURL"] = OptionalUri();
        p["description"] = new AnyOfRule(Text(1, 10000), Null(), RedactedText());
        p["title"] = new AnyOfRule(Text(1), Null(), RedactedText());
        p["conformsTo"] = OptionalUri();
        p["describedBy"] = OptionalUri();
        p["describedByType"] = OptionalMediaType();
        // With a downloadURL, a mediaType is required and may not be null.
        var withDownload = new ObjectRule { Name = "a dcat:Distribution object", Required = ["mediaType"] };
        withDownload.Properties["mediaType"] = new AnyOfRule(Matching(MediaType), RedactedText());
        distribution.Dependent["downloadURL"] = withDownload;
        return distribution;
    }
}
