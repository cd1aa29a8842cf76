using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Harvest.Harvesters.Dcat.Rdf;

/// <summary>
/// JSON-LD 1.1 context processing, term definitions and IRI expansion (JSON-LD 1.1 Processing Algorithms and API,
/// sections 4.1 to 4.3). Remote contexts come only from the <see cref="JsonLdContextMap"/>.
/// </summary>
internal sealed class JsonLdContextProcessor(JsonLdContextMap? contexts, RdfParserOptions options)
{
    private const int MaxRemoteContexts = 32;

    private readonly Dictionary<string, JNode> _remote = new(StringComparer.Ordinal);
    private readonly Dictionary<CacheKey, JsonLdContext> _processed = [];

    private readonly record struct CacheKey(JsonLdContext Active, JNode Local, string? BaseUrl, bool OverrideProtected, bool Propagate)
    {
        public bool Equals(CacheKey other) =>
            ReferenceEquals(Active, other.Active) && ReferenceEquals(Local, other.Local) && BaseUrl == other.BaseUrl
            && OverrideProtected == other.OverrideProtected && Propagate == other.Propagate;

        public override int GetHashCode() =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(Active), RuntimeHelpers.GetHashCode(Local), BaseUrl, OverrideProtected, Propagate);
    }

    /// <summary>Context Processing (4.1.2). Results are cached: the same scoped context applies to many nodes.</summary>
    public JsonLdContext Process(JsonLdContext active, JNode local, string? baseUrl, bool overrideProtected = false, bool propagate = true)
    {
        var key = new CacheKey(active, local, baseUrl, overrideProtected, propagate);
        if (_processed.TryGetValue(key, out var cached)) return cached;
        var result = Process(active, local, baseUrl, [], overrideProtected, propagate, validateScopedContext: true);
        if (_processed.Count < 10_000) _processed[key] = result;
        return result;
    }

    private JsonLdContext Process(JsonLdContext active, JNode local, string? baseUrl, List<string> remoteContexts,
        bool overrideProtected, bool propagate, bool validateScopedContext)
    {
        var result = active.Clone();
        if (local is JObject withPropagate && withPropagate.Get("@propagate") is { } propagateValue)
        {
            if (propagateValue is not JBool flag) throw JsonLdErrors.At(propagateValue, "@propagate must be true or false");
            propagate = flag.Value;
        }
        if (!propagate && result.Previous is null) result.Previous = active;

        var list = local is JArray array ? array.Items : [local];
        foreach (var context in list)
        {
            switch (context)
            {
                case JNull:
                    if (!overrideProtected && result.Terms.Values.Any(t => t.Protected))
                        throw JsonLdErrors.At(context, "a null @context cannot clear protected terms (invalid context nullification)");
                    var previous = result.Previous;
                    result = JsonLdContext.Initial(active.OriginalBaseIri);
                    if (!propagate) result.Previous = previous ?? active;
                    continue;
                case JString reference:
                    result = ProcessRemote(result, reference, baseUrl, remoteContexts, overrideProtected, validateScopedContext);
                    continue;
                case JObject definition:
                    ProcessDefinition(result, definition, baseUrl, remoteContexts, overrideProtected);
                    continue;
                default:
                    throw JsonLdErrors.At(context, "@context must be an object, a string (a context URL), null or an array of them (invalid local context)");
            }
        }
        return result;
    }

    private JsonLdContext ProcessRemote(JsonLdContext result, JString reference, string? baseUrl, List<string> remoteContexts,
        bool overrideProtected, bool validateScopedContext)
    {
        var url = IriResolver.Resolve(baseUrl, reference.Value);
        if (!validateScopedContext && remoteContexts.Contains(url)) return result;
        if (remoteContexts.Count >= MaxRemoteContexts)
            throw JsonLdErrors.At(reference, $"more than {MaxRemoteContexts} remote contexts in a chain (context overflow) at {url}");
        var nested = new List<string>(remoteContexts) { url };
        var loaded = LoadRemote(url, reference);
        return Process(result, loaded, url, nested, overrideProtected, propagate: true, validateScopedContext);
    }

    /// <summary>The @context value of a remote context document, from the map; never fetched.</summary>
    private JNode LoadRemote(string url, JNode at)
    {
        if (_remote.TryGetValue(url, out var cached)) return cached;
        if (contexts is null || !contexts.Contains(url)) throw new JsonLdContextNotFoundException(url);
        var source = new JsonSource(url, Encoding.UTF8.GetBytes(contexts.Load(url)));
        JNode document;
        try
        {
            document = JsonTreeReader.Read(source, options.MaxNesting);
        }
        catch (JsonException e)
        {
            throw JsonLdErrors.FromJson(e, url);
        }
        if (document is not JObject obj || obj.Get("@context") is not { } context)
            throw JsonLdErrors.At(at, $"the remote context {url} has no top-level @context (invalid remote context)");
        _remote[url] = context;
        return context;
    }

    private void ProcessDefinition(JsonLdContext result, JObject context, string? baseUrl, List<string> remoteContexts, bool overrideProtected)
    {
        if (context.Get("@version") is { } version && !(version is JNumber n && n.Text == "1.1"))
            throw JsonLdErrors.At(version, "@version must be 1.1 (invalid @version value)");

        if (context.Get("@import") is { } import)
        {
            if (import is not JString importUrl) throw JsonLdErrors.At(import, "@import must be a string (invalid @import value)");
            var url = IriResolver.Resolve(baseUrl, importUrl.Value);
            if (LoadRemote(url, import) is not JObject imported) throw JsonLdErrors.At(import, $"the context {url} imported with @import is not an object (invalid remote context)");
            if (imported.ContainsKey("@import")) throw JsonLdErrors.At(import, $"the context {url} imported with @import has an @import itself (invalid context entry)");
            var merged = new JObject(context.Offset, context.Source);
            foreach (var (key, value) in imported.Entries) merged[key] = value;
            foreach (var (key, value) in context.Entries)
            {
                if (key != "@import") merged[key] = value;
            }
            context = merged;
        }

        if (context.Get("@base") is { } baseValue && remoteContexts.Count == 0)
        {
            switch (baseValue)
            {
                case JNull:
                    result.BaseIri = null;
                    break;
                case JString s when IriResolver.IsAbsolute(s.Value):
                    result.BaseIri = s.Value;
                    break;
                case JString s when result.BaseIri is not null:
                    result.BaseIri = IriResolver.Resolve(result.BaseIri, s.Value);
                    break;
                case JString:
                    throw JsonLdErrors.At(baseValue, "a relative @base needs a base IRI to resolve against (invalid base IRI)");
                default:
                    throw JsonLdErrors.At(baseValue, "@base must be a string or null (invalid base IRI)");
            }
        }

        if (context.Get("@vocab") is { } vocab)
        {
            result.Vocab = vocab switch
            {
                JNull => null,
                JString s when s.Value.StartsWith("_:", StringComparison.Ordinal) || IriResolver.IsAbsolute(s.Value) || result.BaseIri is not null || result.Vocab is not null
                    => ExpandIri(result, s.Value, vocab, documentRelative: true, vocabRelative: true),
                _ => throw JsonLdErrors.At(vocab, "@vocab must be an IRI, a blank node identifier or null (invalid vocab mapping)"),
            };
        }

        if (context.Get("@language") is { } language)
        {
            result.DefaultLanguage = language switch
            {
                JNull => null,
                JString s => s.Value,
                _ => throw JsonLdErrors.At(language, "@language must be a string or null (invalid default language)"),
            };
        }

        if (context.Get("@direction") is { } direction)
        {
            result.DefaultDirection = direction switch
            {
                JNull => null,
                JString { Value: "ltr" or "rtl" } s => s.Value,
                _ => throw JsonLdErrors.At(direction, "@direction must be \"ltr\", \"rtl\" or null (invalid base direction)"),
            };
        }

        var isProtected = false;
        if (context.Get("@protected") is { } protectedValue)
        {
            if (protectedValue is not JBool flag) throw JsonLdErrors.At(protectedValue, "@protected must be true or false (invalid @protected value)");
            isProtected = flag.Value;
        }

        var defined = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var key in context.Keys)
        {
            if (key is "@base" or "@direction" or "@import" or "@language" or "@propagate" or "@protected" or "@version" or "@vocab") continue;
            DefineTerm(result, context, key, defined, baseUrl, isProtected, overrideProtected, remoteContexts);
        }
    }

    /// <summary>Create Term Definition (4.2.2).</summary>
    private void DefineTerm(JsonLdContext active, JObject local, string term, Dictionary<string, bool> defined, string? baseUrl,
        bool isProtected, bool overrideProtected, List<string> remoteContexts)
    {
        if (defined.TryGetValue(term, out var done))
        {
            if (done) return;
            throw JsonLdErrors.At(local[term], $"the definition of \"{term}\" depends on itself (cyclic IRI mapping)");
        }
        var value = local[term];
        if (term.Length == 0) throw JsonLdErrors.At(value, "a term cannot be the empty string (invalid term definition)");
        defined[term] = false;

        if (term == "@type")
        {
            var keys = value is JObject typeObject ? typeObject.Keys : null;
            var valid = keys is not null && keys.Count > 0 && keys.All(k => k is "@container" or "@protected")
                && (value as JObject)!.Get("@container") is null or JString { Value: "@set" };
            if (!valid) throw JsonLdErrors.At(value, "@type can only be given @container: @set and @protected (keyword redefinition)");
        }
        else if (JsonLdKeywords.IsKeyword(term))
        {
            throw JsonLdErrors.At(value, $"the keyword {term} cannot be redefined (keyword redefinition)");
        }
        else if (JsonLdKeywords.LooksLikeKeyword(term))
        {
            defined[term] = true;
            return;
        }

        active.Terms.Remove(term, out var previous);

        JObject definition;
        var simpleTerm = false;
        switch (value)
        {
            case JNull:
                definition = new JObject(value.Offset, value.Source) { ["@id"] = value };
                break;
            case JString:
                definition = new JObject(value.Offset, value.Source) { ["@id"] = value };
                simpleTerm = true;
                break;
            case JObject obj:
                definition = obj;
                break;
            default:
                throw JsonLdErrors.At(value, $"the definition of \"{term}\" must be a string, an object or null (invalid term definition)");
        }

        var result = new JsonLdTerm { Protected = isProtected };
        if (definition.Get("@protected") is { } protectedValue)
        {
            if (protectedValue is not JBool flag) throw JsonLdErrors.At(protectedValue, "@protected must be true or false (invalid @protected value)");
            result.Protected = flag.Value;
        }

        if (definition.Get("@type") is { } typeValue)
        {
            if (typeValue is not JString typeString) throw JsonLdErrors.At(typeValue, "@type in a term definition must be a string (invalid type mapping)");
            var type = ExpandIri(active, typeString.Value, typeValue, vocabRelative: true, local: local, defined: defined);
            if (type is not ("@id" or "@json" or "@none" or "@vocab") && (type is null || !IriResolver.IsAbsolute(type) || type.StartsWith("_:", StringComparison.Ordinal)))
                throw JsonLdErrors.At(typeValue, $"\"{typeString.Value}\" is not a valid @type for \"{term}\" (invalid type mapping)");
            result.Type = type;
        }

        if (definition.Get("@reverse") is { } reverseValue)
        {
            if (definition.ContainsKey("@id") || definition.ContainsKey("@nest"))
                throw JsonLdErrors.At(reverseValue, "@reverse cannot be used with @id or @nest (invalid reverse property)");
            if (reverseValue is not JString reverseString) throw JsonLdErrors.At(reverseValue, "@reverse must be a string (invalid IRI mapping)");
            if (JsonLdKeywords.LooksLikeKeyword(reverseString.Value))
            {
                defined[term] = true;
                return;
            }
            var iri = ExpandIri(active, reverseString.Value, reverseValue, vocabRelative: true, local: local, defined: defined);
            if (iri is null || !iri.Contains(':')) throw JsonLdErrors.At(reverseValue, $"@reverse of \"{term}\" is not an IRI (invalid IRI mapping)");
            result.Iri = iri;
            if (definition.Get("@container") is { } reverseContainer)
            {
                if (reverseContainer is not (JNull or JString { Value: "@set" or "@index" }))
                    throw JsonLdErrors.At(reverseContainer, "the @container of a @reverse term can only be @set, @index or null (invalid reverse property)");
                if (reverseContainer is JString c) result.Container = [c.Value];
            }
            result.Reverse = true;
            Finish(active, term, result, previous, overrideProtected, defined, reverseValue);
            return;
        }

        if (definition.Get("@id") is { } idValue && !(idValue is JString same && same.Value == term))
        {
            if (idValue is JNull)
            {
                result.Iri = null;
            }
            else
            {
                if (idValue is not JString idString) throw JsonLdErrors.At(idValue, "@id in a term definition must be a string (invalid IRI mapping)");
                if (!JsonLdKeywords.IsKeyword(idString.Value) && JsonLdKeywords.LooksLikeKeyword(idString.Value))
                {
                    defined[term] = true;
                    return;
                }
                var iri = ExpandIri(active, idString.Value, idValue, vocabRelative: true, local: local, defined: defined);
                if (iri is null || !(JsonLdKeywords.IsKeyword(iri) || iri.Contains(':')))
                    throw JsonLdErrors.At(idValue, $"\"{idString.Value}\" does not expand to an IRI, a blank node or a keyword (invalid IRI mapping)");
                if (iri == "@context") throw JsonLdErrors.At(idValue, "@context cannot be aliased (invalid keyword alias)");
                result.Iri = iri;
                if (term.IndexOf(':', 1) is > 0 && term.IndexOf(':', 1) < term.Length - 1 || term.Contains('/'))
                {
                    defined[term] = true;
                    var termIri = ExpandIri(active, term, idValue, vocabRelative: true, local: local, defined: defined);
                    if (termIri != iri) throw JsonLdErrors.At(idValue, $"the term \"{term}\" looks like an IRI but is mapped to another one (invalid IRI mapping)");
                }
                if (!term.Contains(':') && !term.Contains('/') && simpleTerm
                    && (iri.Length > 0 && ":/?#[]@".Contains(iri[^1]) || iri.StartsWith("_:", StringComparison.Ordinal)))
                    result.Prefix = true;
            }
        }
        else if (term.IndexOf(':', 1) > 0)
        {
            var colon = term.IndexOf(':', 1);
            var prefix = term[..colon];
            var suffix = term[(colon + 1)..];
            if (local.ContainsKey(prefix)) DefineTerm(active, local, prefix, defined, baseUrl, isProtected, overrideProtected, remoteContexts);
            result.Iri = active.Term(prefix) is { Iri: { } prefixIri } ? prefixIri + suffix : term;
        }
        else if (term.Contains('/'))
        {
            var iri = ExpandIri(active, term, value, vocabRelative: true);
            if (iri is null || !IriResolver.IsAbsolute(iri)) throw JsonLdErrors.At(value, $"the term \"{term}\" is not an IRI (invalid IRI mapping)");
            result.Iri = iri;
        }
        else if (term == "@type")
        {
            result.Iri = "@type";
        }
        else if (active.Vocab is not null)
        {
            result.Iri = active.Vocab + term;
        }
        else
        {
            throw JsonLdErrors.At(value, $"the term \"{term}\" has no @id and there is no @vocab to make one (invalid IRI mapping)");
        }

        if (definition.Get("@container") is { } containerValue)
        {
            var container = (containerValue is JArray containerArray ? containerArray.Items : [containerValue])
                .Select(c => c is JString s ? s.Value : throw JsonLdErrors.At(c, "@container values must be strings (invalid container mapping)"))
                .ToList();
            if (container.Any(c => c is not ("@graph" or "@id" or "@index" or "@language" or "@list" or "@set" or "@type"))
                || container.Contains("@list") && container.Count > 1)
                throw JsonLdErrors.At(containerValue, $"\"{string.Join(", ", container)}\" is not a valid @container (invalid container mapping)");
            result.Container = container;
            if (container.Contains("@type"))
            {
                result.Type ??= "@id";
                if (result.Type is not ("@id" or "@vocab")) throw JsonLdErrors.At(containerValue, "a @type container needs @type @id or @vocab (invalid type mapping)");
            }
        }

        if (definition.Get("@index") is { } indexValue)
        {
            if (!result.HasContainer("@index") || indexValue is not JString indexString || JsonLdKeywords.IsKeyword(indexString.Value))
                throw JsonLdErrors.At(indexValue, "@index in a term definition needs an @index container and a property name (invalid term definition)");
            result.Index = indexString.Value;
        }

        if (definition.Get("@context") is { } scoped)
        {
            try
            {
                Process(active, scoped, baseUrl, new List<string>(remoteContexts), overrideProtected: true, propagate: true, validateScopedContext: false);
            }
            catch (RdfSyntaxException e)
            {
                throw JsonLdErrors.At(scoped, $"the scoped context of \"{term}\" is not valid (invalid scoped context): {e.Reason}");
            }
            result.Context = scoped;
            result.BaseUrl = baseUrl;
        }

        if (definition.Get("@language") is { } languageValue && !definition.ContainsKey("@type"))
        {
            result.HasLanguage = true;
            result.Language = languageValue switch
            {
                JNull => null,
                JString s => s.Value,
                _ => throw JsonLdErrors.At(languageValue, "@language in a term definition must be a string or null (invalid language mapping)"),
            };
        }

        if (definition.Get("@direction") is { } directionValue && !definition.ContainsKey("@type"))
        {
            result.HasDirection = true;
            result.Direction = directionValue switch
            {
                JNull => null,
                JString { Value: "ltr" or "rtl" } s => s.Value,
                _ => throw JsonLdErrors.At(directionValue, "@direction must be \"ltr\", \"rtl\" or null (invalid base direction)"),
            };
        }

        if (definition.Get("@nest") is { } nestValue)
        {
            if (nestValue is not JString nestString || JsonLdKeywords.IsKeyword(nestString.Value) && nestString.Value != "@nest")
                throw JsonLdErrors.At(nestValue, "@nest must be a term, or @nest (invalid @nest value)");
            result.Nest = nestString.Value;
        }

        if (definition.Get("@prefix") is { } prefixValue)
        {
            if (term.Contains(':') || term.Contains('/')) throw JsonLdErrors.At(prefixValue, "@prefix cannot be set on a compact IRI or an IRI (invalid term definition)");
            if (prefixValue is not JBool prefixFlag) throw JsonLdErrors.At(prefixValue, "@prefix must be true or false (invalid @prefix value)");
            result.Prefix = prefixFlag.Value;
            if (result.Prefix && JsonLdKeywords.IsKeyword(result.Iri)) throw JsonLdErrors.At(prefixValue, "a keyword alias cannot be a prefix (invalid term definition)");
        }

        foreach (var key in definition.Keys)
        {
            if (key is not ("@id" or "@reverse" or "@container" or "@context" or "@direction" or "@index" or "@language" or "@nest" or "@prefix" or "@protected" or "@type"))
                throw JsonLdErrors.At(definition[key], $"\"{key}\" is not allowed in the definition of \"{term}\" (invalid term definition)");
        }

        Finish(active, term, result, previous, overrideProtected, defined, value);
    }

    private static void Finish(JsonLdContext active, string term, JsonLdTerm result, JsonLdTerm? previous, bool overrideProtected,
        Dictionary<string, bool> defined, JNode at)
    {
        if (!overrideProtected && previous is { Protected: true })
        {
            if (!result.SameAs(previous)) throw JsonLdErrors.At(at, $"the protected term \"{term}\" cannot be redefined (protected term redefinition)");
            result = previous;
        }
        active.Terms[term] = result;
        defined[term] = true;
    }

    /// <summary>IRI Expansion (4.3.2); <paramref name="at"/> is only for error positions.</summary>
    public string? ExpandIri(JsonLdContext active, string? value, JNode? at, bool documentRelative = false, bool vocabRelative = false,
        JObject? local = null, Dictionary<string, bool>? defined = null)
    {
        if (value is null || JsonLdKeywords.IsKeyword(value)) return value;
        if (JsonLdKeywords.LooksLikeKeyword(value)) return null;
        if (local is not null && local.ContainsKey(value) && !(defined!.TryGetValue(value, out var done) && done))
            DefineTerm(active, local, value, defined, null, false, false, []);
        var term = active.Term(value);
        if (term is not null && JsonLdKeywords.IsKeyword(term.Iri)) return term.Iri;
        if (vocabRelative && term is not null) return term.Iri;

        var colon = value.Length > 1 ? value.IndexOf(':', 1) : -1;
        if (colon > 0)
        {
            var prefix = value[..colon];
            var suffix = value[(colon + 1)..];
            if (prefix == "_" || suffix.StartsWith("//", StringComparison.Ordinal)) return value;
            if (local is not null && local.ContainsKey(prefix) && !(defined!.TryGetValue(prefix, out var prefixDone) && prefixDone))
                DefineTerm(active, local, prefix, defined, null, false, false, []);
            if (active.Term(prefix) is { Iri: { } prefixIri, Prefix: true }) return prefixIri + suffix;
            if (IriResolver.IsAbsolute(value)) return value;
        }
        if (vocabRelative && active.Vocab is not null) return active.Vocab + value;
        if (documentRelative) return IriResolver.Resolve(active.BaseIri, value);
        return value;
    }
}
