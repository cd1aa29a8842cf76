namespace Harvest.Harvesters.Dcat.Rdf;

/// <summary>
/// Blank nodes of one document: each label in the document gets one fresh node, and anonymous nodes get
/// their own; ids are the prefix and a counter, so they never clash with each other whatever the labels.
/// </summary>
internal sealed class BlankNodeScope(string prefix)
{
    private readonly Dictionary<string, BlankNode> _labelled = new(StringComparer.Ordinal);
    private int _next;

    public BlankNode Fresh() => new(prefix + _next++.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public BlankNode ForLabel(string label)
    {
        if (!_labelled.TryGetValue(label, out var node)) _labelled[label] = node = Fresh();
        return node;
    }
}
