using System.Text.RegularExpressions;

namespace Harvest.Harvesters.DataJson.Validation;

/// <summary>
/// The DCAT-US 3.0 classes as the official JSON Schemas (draft 2020-12, resources.data.gov/dcat-us/3.0.0/definitions)
/// state them, written as C# rules: per class its required properties and the type of each property, classes referring
/// to one another (a dataset's distributions, a distribution's checksum, a concept's scheme...). No class refuses
/// unknown properties, and the format "iri" the schemas use checks nothing. Tests compare every class's property names
/// and required lists with the schemas, and the verdicts with ajv's, file by file.
/// </summary>
internal static class DcatUs30Rules
{
    private static readonly Lazy<IReadOnlyDictionary<string, Rule>> AllClasses = new(Build);

    /// <summary>Every class, by the last segment of its schema $id (dataset, distribution, periodoftime...).</summary>
    public static IReadOnlyDictionary<string, Rule> Classes => AllClasses.Value;

    public static Rule Dataset => Classes["dataset"];
    public static Rule Catalog => Classes["catalog"];

    private static Rule Class(string name) => new RefRule(() => Classes[name]);

    private static StringRule Str(int? min = null, int? max = null) => new() { MinLength = min, MaxLength = max };
    private static Rule NullOr(Rule rule) => new AnyOfRule(new NullRule(), rule);
    private static Rule NullOrStr() => NullOr(Str());
    private static Rule NullOrList(Rule item) => NullOr(new ArrayRule(item));
    private static Rule NullOrClass(string name) => NullOr(Class(name));
    private static Rule NullOrClasses(string name) => NullOrList(Class(name));

    private static readonly Regex YearOrMonth = new(@"^[0-9]{4}(-[0-9]{2})?$", RegexOptions.ECMAScript);

    /// <summary>The schemas' date: a date-time or a date (RFC 3339), a year (YYYY) or a month (YYYY-MM).</summary>
    private static StringRule DateValue() => new()
    {
        Format = text => DateFormats.IsDateTime(text) || DateFormats.IsDate(text) || YearOrMonth.IsMatch(text),
        Name = "a date-time or date (RFC 3339), a year (YYYY) or a month (YYYY-MM)",
    };

    private static Rule NullOrDate() => NullOr(DateValue());

    private static Rule Language() => new AnyOfRule(new NullRule(), Str(max: 2), new ArrayRule(Str(max: 2)));

    private static readonly HashSet<string> Frequencies =
    [
        // ISO 19115 maintenance frequency codes
        "continual", "daily", "weekly", "fortnightly", "monthly", "quarterly", "biannually", "annually", "asNeeded", "irregular",
        "notPlanned", "unknown",
        // Dublin Core collection frequency vocabulary
        "continuous", "biweekly", "semiannual", "annual", "triennial", "biennial", "threeTimesAYear", "bimonthly", "semimonthly",
        "threeTimesAMonth", "semiweekly", "threeTimesAWeek",
    ];

    private static readonly Regex RepeatingDuration = new("^R/P.+$", RegexOptions.ECMAScript);

    private static Rule Frequency() => NullOr(new StringRule
    {
        Format = text => Frequencies.Contains(text) || RepeatingDuration.IsMatch(text),
        Name = "an ISO 19115 or Dublin Core frequency code, or an ISO 8601 repeating duration (R/P...)",
    });

    private static readonly PatternRule Email = new("mailto:address", @"^mailto:[\w_~!$&'()*+,;=:.-]+@[\w.-]+\.[\w.-]+?$");

    private static ObjectRule Object(string name, string[] required, params (string Key, Rule Rule)[] properties)
    {
        var rule = new ObjectRule { Name = $"a {name} object", Required = required };
        rule.Properties["@id"] = Str();
        rule.Properties["@type"] = Str();
        foreach (var (key, value) in properties) rule.Properties[key] = value;
        return rule;
    }

    private static IReadOnlyDictionary<string, Rule> Build() => new Dictionary<string, Rule>(StringComparer.Ordinal)
    {
        ["accessrestriction"] = Restriction("AccessRestriction"),
        ["activity"] = Object("Activity", ["label"], ("category", NullOrClasses("concept")), ("label", Str())),
        ["address"] = Object("Address", [],
            ("country-name", NullOrStr()), ("locality", NullOrStr()), ("postal-code", NullOrStr()), ("region", NullOrStr()),
            ("street-address", NullOrStr())),
        ["agent"] = Object("Agent", ["name"], ("category", NullOrClasses("concept")), ("name", Str())),
        ["attribution"] = Object("Attribution", ["hadRole", "agent"], ("hadRole", Str()), ("agent", Class("agent"))),
        ["cuirestriction"] = Object("CUIRestriction", ["cuiBannerMarking", "designationIndicator"],
            ("cuiBannerMarking", Str()), ("designationIndicator", Str()), ("requiredIndicatorPerAuthority", NullOrList(Str()))),
        ["catalog"] = CatalogClass(),
        ["catalogrecord"] = Object("CatalogRecord", ["modified", "primaryTopic"],
            ("status", NullOrClass("concept")), ("conformsTo", NullOrClass("standard")), ("description", NullOrList(Str())),
            ("issued", NullOrList(DateValue())), ("language", Language()), ("modified", DateValue()), ("source", NullOrStr()),
            ("title", NullOrStr()), ("primaryTopic", Str())),
        ["checksum"] = Object("Checksum", ["algorithm", "checksumValue"], ("algorithm", Str()), ("checksumValue", Str())),
        ["concept"] = new AnyOfRule(Str(), Object("Concept", ["prefLabel"],
            ("altLabel", NullOrStr()), ("definition", NullOrStr()), ("inScheme", Class("conceptscheme")), ("notation", NullOrList(Str())),
            ("prefLabel", Str()))),
        ["conceptscheme"] = Object("ConceptScheme", ["title"],
            ("version", NullOrStr()), ("created", NullOrDate()), ("description", NullOrStr()), ("issued", NullOrDate()),
            ("modified", NullOrDate()), ("title", Str())),
        ["dataservice"] = DataServiceClass(),
        ["dataset"] = DatasetClass(),
        ["datasetseries"] = Object("DatasetSeries", ["description", "title"],
            ("contactPoint", NullOrClasses("kind")), ("first", NullOrClass("dataset")), ("last", NullOrClass("dataset")),
            ("seriesMember", NullOrClasses("dataset")), ("accrualPeriodicity", Frequency()), ("description", Str()),
            ("issued", NullOrDate()), ("modified", NullOrDate()), ("publisher", NullOrClass("agent")), ("spatial", NullOrClasses("location")),
            ("temporal", NullOrClasses("periodoftime")), ("title", Str())),
        ["distribution"] = DistributionClass(),
        ["document"] = Object("Document", ["title"],
            ("accessURL", NullOrStr()), ("downloadURL", NullOrStr()), ("creator", NullOrClasses("kind")), ("mediaType", NullOrStr()),
            ("abstract", NullOrStr()), ("bibliographicCitation", NullOrStr()), ("conformsTo", NullOrClasses("standard")),
            ("corporateCreator", NullOrClasses("organization")), ("description", NullOrStr()), ("identifier", NullOrClass("identifier")),
            ("otherIdentifier", NullOrClasses("identifier")), ("issued", NullOrDate()), ("publisher", NullOrClasses("organization")),
            ("title", Str()), ("category", NullOrClasses("concept"))),
        ["identifier"] = new AnyOfRule(Str(), Object("Identifier", [],
            ("schemaAgency", NullOrStr()), ("creator", NullOrClass("organization")), ("issued", NullOrDate()), ("version", NullOrStr()),
            ("notation", NullOrStr()))),
        ["kind"] = Object("Kind", ["hasEmail", "fn"],
            ("address", NullOrClasses("address")), ("hasEmail", new StringRule { Pattern = Email }), ("family-name", NullOrStr()),
            ("fn", Str()), ("given-name", NullOrStr()), ("organization-name", NullOrStr()), ("tel", NullOrStr()), ("title", NullOrStr())),
        ["location"] = LocationClass(),
        ["metric"] = Object("Metric", ["expectedDataType", "inDimension"],
            ("expectedDataType", Str()), ("inDimension", Str()), ("definition", NullOrStr())),
        ["organization"] = Object("Organization", ["name"],
            ("name", Str()), ("subOrganizationOf", NullOrClasses("organization")), ("altLabel", NullOrStr()), ("notation", NullOrList(Str())),
            ("prefLabel", NullOrStr())),
        ["periodoftime"] = PeriodOfTimeClass(),
        ["qualitymeasurement"] = Object("QualityMeasurement", ["isMeasurementOf", "value"],
            ("isMeasurementOf", Class("metric")), ("value", Str()), ("unitMeasure", NullOrStr())),
        ["relationship"] = Object("Relationship", ["hadRole", "relation"], ("hadRole", Str()), ("relation", Str())),
        ["standard"] = Object("Standard", [],
            ("created", NullOrDate()), ("description", NullOrStr()), ("identifier", NullOrClass("identifier")),
            ("otherIdentifier", NullOrClasses("identifier")), ("issued", NullOrDate()), ("modified", NullOrDate()), ("title", NullOrStr()),
            ("category", NullOrClasses("concept")), ("inScheme", NullOrClass("conceptscheme"))),
        ["userestriction"] = Restriction("UseRestriction"),
    };

    private static ObjectRule Restriction(string name) => Object(name, ["restrictionStatus"],
        ("restrictionNote", NullOrStr()), ("restrictionStatus", Class("concept")), ("specificRestriction", NullOrClass("concept")));

    private static ObjectRule CatalogClass() => Object("Catalog", ["dataset"],
        ("catalog", NullOrClasses("catalog")), ("contactPoint", NullOrClasses("kind")), ("dataset", new ArrayRule(Class("dataset"))),
        ("keyword", NullOrList(Str(min: 1))), ("record", NullOrClasses("catalogrecord")), ("service", NullOrClasses("dataservice")),
        ("theme", NullOrClasses("concept")), ("themeTaxonomy", NullOrClasses("conceptscheme")), ("accessRights", NullOrStr()),
        ("conformsTo", NullOrClass("standard")), ("creator", NullOrClasses("agent")), ("description", NullOrStr()),
        ("hasPart", NullOrClasses("catalog")), ("identifier", NullOrClass("identifier")), ("otherIdentifier", NullOrClasses("identifier")),
        ("issued", NullOrDate()), ("language", Language()), ("license", NullOrStr()), ("modified", NullOrDate()),
        ("publisher", NullOrClass("agent")), ("rights", NullOrList(Str())), ("rightsHolder", NullOrClasses("organization")),
        ("spatial", NullOrClasses("location")), ("subject", NullOrClasses("concept")), ("temporal", NullOrClasses("periodoftime")),
        ("title", NullOrStr()), ("category", NullOrClasses("concept")), ("homepage", NullOrClass("document")),
        ("qualifiedAttribution", NullOrClasses("attribution")));

    private static ObjectRule DataServiceClass() => Object("DataService", ["contactPoint", "endpointURL", "publisher", "title"],
        ("contactPoint", new ArrayRule(Class("kind"))), ("endpointDescription", NullOrList(Str())), ("endpointURL", new ArrayRule(Str())),
        ("keyword", NullOrList(Str(min: 1))), ("servesDataset", NullOrClasses("dataset")), ("spatialResolutionInMeters", NullOrStr()),
        ("temporalResolution", NullOrStr()), ("theme", NullOrClasses("concept")), ("accessRights", NullOrStr()),
        ("conformsTo", NullOrClasses("standard")), ("created", NullOrDate()), ("creator", NullOrClasses("agent")),
        ("description", NullOrStr()), ("identifier", NullOrClass("identifier")), ("otherIdentifier", NullOrClasses("identifier")),
        ("language", Language()), ("license", NullOrStr()), ("modified", NullOrDate()), ("publisher", Class("agent")),
        ("rights", NullOrList(Str())), ("rightsHolder", NullOrClasses("organization")), ("spatial", NullOrClasses("location")),
        ("temporal", NullOrClasses("periodoftime")), ("title", Str()), ("category", NullOrClasses("concept")),
        ("hasQualityMeasurement", NullOrClasses("qualitymeasurement")), ("qualifiedAttribution", NullOrClasses("attribution")),
        ("wasUsedBy", NullOrClasses("activity")));

    private static ObjectRule DatasetClass() => Object("Dataset", ["description", "title", "contactPoint", "identifier"],
        ("otherIdentifier", NullOrClasses("identifier")), ("sample", NullOrClasses("distribution")), ("status", NullOrClass("concept")),
        ("supportedSchema", NullOrClass("dataset")), ("versionNotes", NullOrStr()),
        ("contactPoint", new AnyOfRule(Class("kind"), new ArrayRule(Class("kind")))),
        ("distribution", NullOrClasses("distribution")), ("first", NullOrClass("dataset")), ("hasCurrentVersion", NullOrClass("dataset")),
        ("hasVersion", NullOrClasses("dataset")), ("inSeries", NullOrClasses("datasetseries")), ("keyword", NullOrList(Str(min: 1))),
        ("landingPage", NullOrClass("document")), ("previousVersion", NullOrClass("dataset")),
        ("qualifiedRelation", NullOrClasses("relationship")), ("spatialResolutionInMeters", NullOrStr()),
        ("temporalResolution", NullOrStr()), ("theme", NullOrClasses("concept")), ("version", NullOrStr()),
        ("describedBy", NullOrClass("distribution")), ("liabilityStatement", NullOrStr()),
        ("metadataDistribution", NullOrClasses("distribution")), ("purpose", NullOrStr()), ("accessRights", NullOrStr()),
        ("accrualPeriodicity", Frequency()), ("conformsTo", NullOrClasses("standard")), ("contributor", NullOrClasses("agent")),
        ("created", NullOrDate()), ("creator", NullOrClass("agent")), ("description", Str()), ("hasPart", NullOrClasses("dataset")),
        ("identifier", NullOrClass("identifier")), ("isReferencedBy", NullOrList(Str())), ("issued", NullOrDate()),
        ("language", Language()), ("modified", NullOrDate()), ("provenance", NullOrList(Str())),
        ("publisher", NullOrClass("organization")), ("relation", NullOrList(Str())), ("replaces", NullOrClasses("dataset")),
        ("rights", NullOrList(Str())), ("rightsHolder", NullOrClasses("organization")), ("source", NullOrClasses("dataset")),
        ("spatial", new AnyOfRule(new NullRule(), Class("location"), new ArrayRule(Class("location")))),
        ("subject", NullOrClasses("concept")), ("temporal", NullOrClasses("periodoftime")), ("title", Str()),
        ("category", NullOrClasses("concept")), ("hasQualityMeasurement", NullOrClasses("qualitymeasurement")),
        ("page", NullOrClasses("document")), ("qualifiedAttribution", NullOrClasses("attribution")),
        ("wasAttributedTo", NullOrClasses("agent")), ("wasGeneratedBy", NullOrClasses("activity")), ("wasUsedBy", NullOrClasses("activity")),
        ("image", NullOrStr()), ("scopeNote", NullOrStr()));

    private static ObjectRule DistributionClass() => Object("Distribution", [],
        ("representationTechnique", NullOrClass("concept")), ("status", NullOrClass("concept")), ("characterEncoding", NullOrList(Str())),
        ("accessService", NullOrClasses("dataservice")), ("accessURL", NullOrStr()), ("byteSize", NullOrStr()),
        ("compressFormat", NullOrStr()), ("downloadURL", NullOrStr()), ("mediaType", NullOrStr()), ("packageFormat", NullOrStr()),
        ("spatialResolutionInMeters", NullOrStr()), ("temporalResolution", NullOrStr()), ("availability", NullOrClass("concept")),
        ("accessRestriction", NullOrClasses("accessrestriction")), ("cuiRestriction", NullOrClass("cuirestriction")),
        ("describedBy", NullOrClass("distribution")), ("useRestriction", NullOrClasses("userestriction")), ("accessRights", NullOrStr()),
        ("conformsTo", NullOrClasses("standard")), ("description", NullOrStr()), ("format", NullOrStr()),
        ("identifier", NullOrClass("identifier")), ("otherIdentifier", NullOrClasses("identifier")), ("issued", NullOrDate()),
        ("language", Language()), ("license", NullOrStr()), ("modified", NullOrDate()), ("rights", NullOrList(Str())),
        ("title", NullOrStr()), ("hasQualityMeasurement", NullOrClasses("qualitymeasurement")), ("page", NullOrClasses("document")),
        ("image", NullOrStr()), ("checksum", NullOrClass("checksum")));

    private static ObjectRule LocationClass()
    {
        var bbox = new ObjectRule { Name = "a GeoJSON Polygon object", Required = ["type", "coordinates"] };
        bbox.Properties["coordinates"] = new ArrayRule(new AnyValueRule());
        bbox.Properties["type"] = new OneOfStringsRule("Polygon");
        var centroid = new ObjectRule { Name = "a GeoJSON Point object", Required = ["type", "coordinates"] };
        centroid.Properties["coordinates"] = new ArrayRule(new NumberRule()) { MinItems = 2, MaxItems = 2 };
        centroid.Properties["type"] = new OneOfStringsRule("Point");
        var geometry = new ObjectRule { Name = "a GeoJSON geometry object", Required = ["type", "coordinates"] };
        return Object("Location", [],
            ("bbox", new AnyOfRule(new NullRule(), Str(), bbox)), ("centroid", new AnyOfRule(new NullRule(), Str(), centroid)),
            ("identifier", NullOrClass("identifier")), ("otherIdentifier", NullOrClasses("identifier")),
            ("geometry", new AnyOfRule(new NullRule(), Str(), geometry)), ("inScheme", NullOrClass("conceptscheme")),
            ("altLabel", NullOrStr()), ("prefLabel", NullOrStr()));
    }

    private static ObjectRule PeriodOfTimeClass()
    {
        var period = new ObjectRule { Name = "a PeriodOfTime object", OneOfRequired = ["startDate", "endDate"] };
        foreach (var (key, rule) in Object("PeriodOfTime", [], ("endDate", NullOrDate()), ("startDate", NullOrDate())).Properties)
            period.Properties[key] = rule;
        return period;
    }
}
