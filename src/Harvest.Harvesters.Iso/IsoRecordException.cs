namespace Harvest.Harvesters.Iso;

/// <summary>What is wrong with a record that cannot be read.</summary>
public enum IsoRecordProblem
{
    /// <summary>The bytes are not valid in the encoding the document declares (or its byte order mark names).</summary>
    InvalidEncoding,
    /// <summary>The document declares an encoding this reader does not know.</summary>
    UnsupportedEncoding,
    /// <summary>The document has no root element: empty, or only a declaration, comments or whitespace.</summary>
    NoRootElement,
    /// <summary>The text is not well-formed XML.</summary>
    NotWellFormed,
    /// <summary>The record refers to entities declared in a DTD; DTDs are ignored, entities are never expanded.</summary>
    EntityReference,
    /// <summary>The record is longer than the character limit.</summary>
    TooLarge,
    /// <summary>The root element is not gmd:MD_Metadata or gmi:MI_Metadata.</summary>
    NotIsoRecord,
    /// <summary>The record has more keywords than the limit.</summary>
    TooManyKeywords,
    /// <summary>The record has more online resources than the limit.</summary>
    TooManyResources,
    /// <summary>The record has no title, so it cannot become a dataset.</summary>
    MissingTitle,
    /// <summary>A mandatory property is empty without a <c>gco:nilReason</c> (checked when <see cref="IsoReadOptions.RequireNilReasons"/> is set).</summary>
    MissingNilReason,
}

/// <summary>
/// One record that cannot be read or mapped, with a message meant for the harvest report. It never says
/// anything about the other records of the same source.
/// </summary>
public sealed class IsoRecordException : Exception
{
    public IsoRecordException(IsoRecordProblem problem, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Problem = problem;
    }

    public IsoRecordProblem Problem { get; }
}
