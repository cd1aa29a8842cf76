using Harvest.Engine.Model;

namespace Harvest.Engine.Catalog;

/// <summary>
/// A query over the local catalog, as CKAN's package_search asks it: every clause must hold; a clause holds when any
/// of its terms does (or, negated, when none does). Paged with <see cref="Start"/> and <see cref="Rows"/>.
/// </summary>
public sealed record DatasetSearch
{
    /// <summary>Only datasets in this state; null for both.</summary>
    public DatasetState? State { get; init; } = DatasetState.Active;
    /// <summary>Only datasets harvested by this source (its id).</summary>
    public string? SourceId { get; init; }
    /// <summary>
    /// Free-text terms that must each match an active dataset's name, title, description or tag names, ignoring case
    /// and accents: a word matches a whole word, a term of several words is a phrase, and a trailing '*' makes the last
    /// word a prefix. A term of punctuation only is ignored.
    /// </summary>
    public IReadOnlyList<string> Words { get; init; } = [];
    /// <summary>Free-text terms (read as <see cref="Words"/> are) that must each not match.</summary>
    public IReadOnlyList<string> ExcludedWords { get; init; } = [];
    public IReadOnlyList<SearchClause> Clauses { get; init; } = [];
    public DatasetSort Sort { get; init; } = new(DatasetSortField.MetadataModified, Descending: true);
    public int Start { get; init; }
    public int Rows { get; init; } = 10;
}

/// <summary>A filter clause: true when any term matches, or when none does if <see cref="Negated"/>.</summary>
public sealed record SearchClause(IReadOnlyList<SearchTerm> AnyOf, bool Negated = false);

/// <summary>One field test: equality with <see cref="Value"/>, or for a date field a range (either end open when null).</summary>
public sealed record SearchTerm(SearchField Field, string? Value = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

public enum SearchField { Id, Name, Title, Organization, Tags, Groups, MetadataModified, MetadataCreated }

public enum DatasetSortField { Name, Title, Id, MetadataModified, MetadataCreated }

public sealed record DatasetSort(DatasetSortField Field, bool Descending = false);

/// <summary>One page of a search and how many datasets the whole search matches.</summary>
public sealed record DatasetSearchPage(int Count, IReadOnlyList<Dataset> Datasets);
