namespace Harvest.Harvesters.Dcat.Rdf;

/// <summary>
/// The JSON-LD 1.1 Expansion algorithm (Processing Algorithms and API, section 5.1), without the framing
/// keywords: turns a document into expanded form, where every property is an IRI and every value an array of
/// node, value or list objects.
/// </summary>
internal sealed class JsonLdExpander(JsonLdContextProcessor contexts, int maxNesting)
{
    private int _depth;

    /// <summary>Expands a whole document: always an array of top-level objects.</summary>
    public List<JNode> ExpandDocument(JNode document, JsonLdContext initial, string? baseUrl)
    {
        var expanded = Expand(initial, null, document, baseUrl, fromMap: false);
        if (expanded is JObject map && map.Count == 1 && map.Get("@graph") is { } graph) expanded = graph;
        return expanded switch
        {
            null => [],
            JArray array => array.Items,
            _ => [expanded],
        };
    }

    private JNode? Expand(JsonLdContext active, string? activeProperty, JNode element, string? baseUrl, bool fromMap)
    {
        if (element is JNull) return null;
        var propertyTerm = active.Term(activeProperty);
        var propertyScoped = propertyTerm?.Context;

        if (element.IsScalar)
        {
            if (activeProperty is null or "@graph") return null;
            if (propertyScoped is not null) active = contexts.Process(active, propertyScoped, propertyTerm!.BaseUrl, overrideProtected: true);
            return ExpandValue(active, activeProperty, element);
        }

        if (++_depth > maxNesting) throw JsonLdErrors.At(element, $"values nest deeper than {maxNesting}");
        try
        {
            if (element is JArray array)
            {
                var result = new JArray(element.Offset, element.Source);
                foreach (var item in array.Items)
                {
                    var expandedItem = Expand(active, activeProperty, item, baseUrl, fromMap);
                    if (propertyTerm is not null && propertyTerm.HasContainer("@list") && expandedItem is JArray nestedList)
                        expandedItem = new JObject(item.Offset, item.Source) { ["@list"] = nestedList };
                    if (expandedItem is JArray expandedArray) result.Items.AddRange(expandedArray.Items);
                    else if (expandedItem is not null) result.Items.Add(expandedItem);
                }
                return result;
            }
            return ExpandMap(active, activeProperty, (JObject)element, baseUrl, fromMap, propertyTerm);
        }
        finally
        {
            _depth--;
        }
    }

    private JNode? ExpandMap(JsonLdContext active, string? activeProperty, JObject element, string? baseUrl, bool fromMap, JsonLdTerm? propertyTerm)
    {
        // A type-scoped context does not reach nested node objects: go back to the context before it.
        if (active.Previous is not null && !fromMap)
        {
            var keys = element.Keys.Select(k => contexts.ExpandIri(active, k, element, vocabRelative: true)).ToList();
            if (!keys.Contains("@value") && !(keys.Count == 1 && keys[0] == "@id")) active = active.Previous;
        }
        if (propertyTerm?.Context is { } propertyScoped)
            active = contexts.Process(active, propertyScoped, propertyTerm.BaseUrl, overrideProtected: true);
        if (element.Get("@context") is { } localContext) active = contexts.Process(active, localContext, baseUrl);

        var typeScoped = active;
        string? inputType = null;
        foreach (var key in element.Keys.Order(StringComparer.Ordinal))
        {
            if (contexts.ExpandIri(active, key, element, vocabRelative: true) != "@type") continue;
            var value = element[key];
            var types = (value is JArray typeArray ? typeArray.Items : [value]).OfType<JString>().Select(s => s.Value).Order(StringComparer.Ordinal).ToList();
            foreach (var type in types)
            {
                if (typeScoped.Term(type) is { Context: { } typeContext } typeTerm)
                    active = contexts.Process(active, typeContext, typeTerm.BaseUrl, propagate: false);
            }
            if (types.Count > 0) inputType = contexts.ExpandIri(active, types[^1], value, vocabRelative: true);
        }

        var result = new JObject(element.Offset, element.Source);
        var nests = new List<string>();
        ExpandEntries(active, typeScoped, activeProperty, element, result, baseUrl, inputType, nests);
        ExpandNests(active, typeScoped, activeProperty, element, result, baseUrl, inputType, nests);

        if (result.Get("@value") is { } literal)
        {
            if (result.Keys.Any(k => k is not ("@direction" or "@index" or "@language" or "@type" or "@value"))
                || result.ContainsKey("@type") && (result.ContainsKey("@language") || result.ContainsKey("@direction")))
                throw JsonLdErrors.At(element, "a value object has only @value with @type, or @value with @language/@direction, and @index (invalid value object)");
            if (result.Get("@type") is JString { Value: "@json" }) return result;
            if (literal is JNull) return null;
            if (literal is not JString && result.ContainsKey("@language"))
                throw JsonLdErrors.At(element, "only a string can have a @language (invalid language-tagged value)");
            if (result.Get("@type") is { } datatype && !(datatype is JString t && JsonLdToRdf.IsWellFormedIri(t.Value)))
                throw JsonLdErrors.At(element, "the @type of a value must be an IRI (invalid typed value)");
        }
        else if (result.Get("@type") is { } type and not JArray)
        {
            result["@type"] = new JArray(type.Offset, [type], type.Source);
        }
        else if (result.ContainsKey("@set") || result.ContainsKey("@list"))
        {
            if (result.Count > 2 || result.Count == 2 && !result.ContainsKey("@index"))
                throw JsonLdErrors.At(element, "@set and @list objects can only have @index besides (invalid set or list object)");
            if (result.Get("@set") is { } set) return set;
        }

        if (result.Count == 1 && result.ContainsKey("@language")) return null;
        if (activeProperty is null or "@graph")
        {
            if (result.Count == 0 || result.ContainsKey("@value") || result.ContainsKey("@list")) return null;
            if (result.Count == 1 && result.ContainsKey("@id")) return null;
        }
        return result;
    }

    private void ExpandEntries(JsonLdContext active, JsonLdContext typeScoped, string? activeProperty, JObject element, JObject result,
        string? baseUrl, string? inputType, List<string> nests)
    {
        foreach (var (key, value) in element.Entries)
        {
            if (key == "@context") continue;
            var property = contexts.ExpandIri(active, key, element, vocabRelative: true);
            if (property is null || !(property.Contains(':') || JsonLdKeywords.IsKeyword(property))) continue;

            if (JsonLdKeywords.IsKeyword(property))
            {
                ExpandKeyword(active, typeScoped, activeProperty, element, result, baseUrl, inputType, nests, key, property, value);
                continue;
            }

            var term = active.Term(key);
            JNode? expanded;
            if (term?.Type == "@json")
            {
                expanded = new JObject(value.Offset, value.Source) { ["@value"] = value, ["@type"] = new JString(value.Offset, "@json") };
            }
            else if (term is not null && term.HasContainer("@language") && value is JObject languageMap)
            {
                expanded = ExpandLanguageMap(active, term, languageMap);
            }
            else if (term is not null && (term.HasContainer("@index") || term.HasContainer("@type") || term.HasContainer("@id")) && value is JObject indexMap)
            {
                expanded = ExpandIndexMap(active, key, term, indexMap, baseUrl);
            }
            else
            {
                expanded = Expand(active, key, value, baseUrl, fromMap: false);
            }
            if (expanded is null) continue;

            if (term is not null && term.HasContainer("@list") && !(expanded is JObject listObject && listObject.ContainsKey("@list")))
                expanded = new JObject(value.Offset, value.Source) { ["@list"] = AsArray(expanded) };
            if (term is not null && term.HasContainer("@graph") && !term.HasContainer("@id") && !term.HasContainer("@index"))
                expanded = new JArray(value.Offset, AsArray(expanded).Items.Select(v => (JNode)new JObject(v.Offset, v.Source) { ["@graph"] = AsArray(v) }).ToList());

            if (term is { Reverse: true })
            {
                var reverseMap = result.Get("@reverse") as JObject ?? new JObject(value.Offset, value.Source);
                result["@reverse"] = reverseMap;
                foreach (var item in AsArray(expanded).Items)
                {
                    if (item is JObject o && (o.ContainsKey("@value") || o.ContainsKey("@list")))
                        throw JsonLdErrors.At(value, $"the reverse property \"{key}\" needs node objects, not values or lists (invalid reverse property value)");
                    Append(reverseMap, property, item);
                }
            }
            else
            {
                Append(result, property, expanded);
            }
        }
    }

    private void ExpandKeyword(JsonLdContext active, JsonLdContext typeScoped, string? activeProperty, JObject element, JObject result,
        string? baseUrl, string? inputType, List<string> nests, string key, string property, JNode value)
    {
        if (activeProperty == "@reverse") throw JsonLdErrors.At(value, "a @reverse map cannot hold keywords (invalid reverse property map)");
        if (result.ContainsKey(property) && property is not ("@included" or "@type"))
            throw JsonLdErrors.At(value, $"{property} appears twice through aliases (colliding keywords)");

        JNode? expanded;
        switch (property)
        {
            case "@id":
                if (value is not JString id) throw JsonLdErrors.At(value, "@id must be a string (invalid @id value)");
                // An @id that looks like a keyword expands to null: the node then names nothing usable.
                expanded = contexts.ExpandIri(active, id.Value, value, documentRelative: true) is { } idIri
                    ? new JString(value.Offset, idIri, value.Source)
                    : new JNull(value.Offset, value.Source);
                break;
            case "@type":
                var values = value is JArray typeArray ? typeArray.Items : [value];
                var types = new JArray(value.Offset, value.Source);
                foreach (var type in values)
                {
                    if (type is not JString typeString) throw JsonLdErrors.At(type, "@type must be a string or an array of strings (invalid type value)");
                    if (contexts.ExpandIri(typeScoped, typeString.Value, type, documentRelative: true, vocabRelative: true) is { } typeIri)
                        types.Items.Add(new JString(type.Offset, typeIri, type.Source));
                }
                if (result.Get("@type") is { } existing)
                {
                    var merged = existing is JArray existingArray ? existingArray : new JArray(existing.Offset, [existing], existing.Source);
                    merged.Items.AddRange(types.Items);
                    result["@type"] = merged;
                }
                else if (value is JArray || types.Items.Count != 1) result["@type"] = types;
                else result["@type"] = types.Items[0];
                return;
            case "@graph":
                expanded = AsArray(Expand(active, "@graph", value, baseUrl, fromMap: false));
                break;
            case "@included":
                foreach (var raw in value is JArray rawArray ? rawArray.Items : [value])
                {
                    if (raw is not JObject rawMap || rawMap.Keys.Any(k => contexts.ExpandIri(active, k, raw, vocabRelative: true) is "@value" or "@list"))
                        throw JsonLdErrors.At(raw, "@included holds node objects only (invalid @included value)");
                }
                var included = AsArray(Expand(active, null, value, baseUrl, fromMap: false));
                if (included.Items.Any(i => i is not JObject o || o.ContainsKey("@value") || o.ContainsKey("@list")))
                    throw JsonLdErrors.At(value, "@included holds node objects only (invalid @included value)");
                if (result.Get("@included") is JArray existingIncluded) existingIncluded.Items.AddRange(included.Items);
                else result["@included"] = included;
                return;
            case "@value":
                if (inputType == "@json") expanded = value;
                else if (value is JNull or { IsScalar: true }) expanded = value;
                else throw JsonLdErrors.At(value, "@value must be a string, a number, true, false or null (invalid value object value)");
                result["@value"] = expanded;
                return;
            case "@language":
                if (value is not JString) throw JsonLdErrors.At(value, "@language must be a string (invalid language-tagged string)");
                expanded = value;
                break;
            case "@direction":
                if (value is not JString { Value: "ltr" or "rtl" }) throw JsonLdErrors.At(value, "@direction must be \"ltr\" or \"rtl\" (invalid base direction)");
                expanded = value;
                break;
            case "@index":
                if (value is not JString) throw JsonLdErrors.At(value, "@index must be a string (invalid @index value)");
                expanded = value;
                break;
            case "@list":
                if (activeProperty is null or "@graph") return;
                expanded = AsArray(Expand(active, activeProperty, value, baseUrl, fromMap: false));
                break;
            case "@set":
                expanded = Expand(active, activeProperty, value, baseUrl, fromMap: false);
                break;
            case "@reverse":
                if (value is not JObject) throw JsonLdErrors.At(value, "@reverse must be an object (invalid @reverse value)");
                var reversed = Expand(active, "@reverse", value, baseUrl, fromMap: false) as JObject;
                if (reversed is null) return;
                if (reversed.Get("@reverse") is JObject doubleReverse)
                {
                    foreach (var (p, items) in doubleReverse.Entries) Append(result, p, items);
                }
                var reverseMap = result.Get("@reverse") as JObject ?? new JObject(value.Offset, value.Source);
                foreach (var (p, items) in reversed.Entries)
                {
                    if (p == "@reverse") continue;
                    foreach (var item in AsArray(items).Items)
                    {
                        if (item is JObject o && (o.ContainsKey("@value") || o.ContainsKey("@list")))
                            throw JsonLdErrors.At(value, "@reverse properties need node objects, not values or lists (invalid reverse property value)");
                        Append(reverseMap, p, item);
                    }
                }
                if (reverseMap.Count > 0) result["@reverse"] = reverseMap;
                return;
            case "@nest":
                nests.Add(key);
                return;
            default:
                // @context was skipped before; framing keywords mean nothing when reading data.
                return;
        }
        if (expanded is not null) result[property] = expanded;
    }

    private void ExpandNests(JsonLdContext active, JsonLdContext typeScoped, string? activeProperty, JObject element, JObject result,
        string? baseUrl, string? inputType, List<string> nests)
    {
        foreach (var nestKey in nests.Order(StringComparer.Ordinal))
        {
            var nestContext = active.Term(nestKey) is { Context: { } scoped } nestTerm
                ? contexts.Process(active, scoped, nestTerm.BaseUrl, overrideProtected: true)
                : active;
            foreach (var nested in AsArray(element[nestKey]).Items)
            {
                if (nested is not JObject nestedMap || nestedMap.Keys.Any(k => contexts.ExpandIri(nestContext, k, nested, vocabRelative: true) == "@value"))
                    throw JsonLdErrors.At(nested, "a @nest value must be an object that is not a value object (invalid @nest value)");
                var more = new List<string>();
                ExpandEntries(nestContext, typeScoped, activeProperty, nestedMap, result, baseUrl, inputType, more);
                ExpandNests(nestContext, typeScoped, activeProperty, nestedMap, result, baseUrl, inputType, more);
            }
        }
    }

    private JArray ExpandLanguageMap(JsonLdContext active, JsonLdTerm term, JObject map)
    {
        var result = new JArray(map.Offset, map.Source);
        var direction = term.HasDirection ? term.Direction : active.DefaultDirection;
        foreach (var language in map.Keys.Order(StringComparer.Ordinal))
        {
            var values = map[language];
            foreach (var item in (values is JArray array ? array.Items : [values]))
            {
                if (item is JNull) continue;
                if (item is not JString) throw JsonLdErrors.At(item, "language map values must be strings (invalid language map value)");
                var value = new JObject(item.Offset, item.Source) { ["@value"] = item };
                if (contexts.ExpandIri(active, language, map, vocabRelative: true) != "@none") value["@language"] = new JString(item.Offset, language);
                if (direction is not null) value["@direction"] = new JString(item.Offset, direction);
                result.Items.Add(value);
            }
        }
        return result;
    }

    private JArray ExpandIndexMap(JsonLdContext active, string key, JsonLdTerm term, JObject map, string? baseUrl)
    {
        var result = new JArray(map.Offset, map.Source);
        foreach (var index in map.Keys.Order(StringComparer.Ordinal))
        {
            var mapContext = active;
            if (term.HasContainer("@id") || term.HasContainer("@type")) mapContext = active.Previous ?? active;
            if (term.HasContainer("@type") && mapContext.Term(index) is { Context: { } indexContext } indexTerm)
                mapContext = contexts.Process(mapContext, indexContext, indexTerm.BaseUrl);
            else if (!term.HasContainer("@type"))
                mapContext = active;
            var expandedIndex = contexts.ExpandIri(active, index, map, vocabRelative: true);
            var items = AsArray(Expand(mapContext, key, map[index], baseUrl, fromMap: true));
            foreach (var original in items.Items)
            {
                var item = original;
                if (term.HasContainer("@graph") && !(item is JObject g && g.ContainsKey("@graph")))
                    item = new JObject(item.Offset, item.Source) { ["@graph"] = new JArray(item.Offset, [item]) };
                if (item is not JObject itemMap)
                {
                    result.Items.Add(item);
                    continue;
                }
                if (term.HasContainer("@index") && term.Index is { } indexKey && expandedIndex != "@none")
                {
                    if (itemMap.ContainsKey("@value"))
                        throw JsonLdErrors.At(map[index], $"a value cannot take the index property \"{indexKey}\" (invalid value object)");
                    var indexProperty = contexts.ExpandIri(active, indexKey, map, vocabRelative: true)!;
                    var indexValue = ExpandValue(active, indexKey, new JString(map.Offset, index, map.Source));
                    Append(itemMap, indexProperty, indexValue);
                }
                else if (term.HasContainer("@index") && !itemMap.ContainsKey("@index") && expandedIndex != "@none")
                {
                    itemMap["@index"] = new JString(map.Offset, index);
                }
                else if (term.HasContainer("@id") && !itemMap.ContainsKey("@id") && expandedIndex != "@none")
                {
                    itemMap["@id"] = new JString(map.Offset, contexts.ExpandIri(active, index, map, documentRelative: true) ?? index);
                }
                else if (term.HasContainer("@type") && expandedIndex != "@none")
                {
                    var types = new JArray(map.Offset) { };
                    types.Items.Add(new JString(map.Offset, expandedIndex ?? index));
                    if (itemMap.Get("@type") is JArray existing) types.Items.AddRange(existing.Items);
                    itemMap["@type"] = types;
                }
                result.Items.Add(itemMap);
            }
        }
        return result;
    }

    /// <summary>Value Expansion (5.3.2).</summary>
    private JObject ExpandValue(JsonLdContext active, string activeProperty, JNode value)
    {
        var term = active.Term(activeProperty);
        if (term?.Type == "@id" && value is JString idString)
            return new JObject(value.Offset, value.Source) { ["@id"] = new JString(value.Offset, contexts.ExpandIri(active, idString.Value, value, documentRelative: true) ?? idString.Value, value.Source) };
        if (term?.Type == "@vocab" && value is JString vocabString)
            return new JObject(value.Offset, value.Source) { ["@id"] = new JString(value.Offset, contexts.ExpandIri(active, vocabString.Value, value, documentRelative: true, vocabRelative: true) ?? vocabString.Value, value.Source) };

        var result = new JObject(value.Offset, value.Source) { ["@value"] = value };
        if (term?.Type is { } type and not ("@id" or "@vocab" or "@none"))
        {
            result["@type"] = new JString(value.Offset, type);
        }
        else if (value is JString)
        {
            var language = term is { HasLanguage: true } ? term.Language : active.DefaultLanguage;
            var direction = term is { HasDirection: true } ? term.Direction : active.DefaultDirection;
            if (language is not null) result["@language"] = new JString(value.Offset, language);
            if (direction is not null) result["@direction"] = new JString(value.Offset, direction);
        }
        return result;
    }

    private static JArray AsArray(JNode? node) => node switch
    {
        null => new JArray(0),
        JArray array => array,
        _ => new JArray(node.Offset, [node], node.Source),
    };

    private static void Append(JObject target, string property, JNode value)
    {
        if (target.Get(property) is not JArray existing)
        {
            existing = new JArray(value.Offset, value.Source);
            target[property] = existing;
        }
        if (value is JArray array) existing.Items.AddRange(array.Items);
        else existing.Items.Add(value);
    }
}
