using System.Reflection;
using System.Runtime.InteropServices;

namespace Harvest.HelpBuilder;

/// <summary>What a compiled cmdlet declares, read from metadata (no PowerShell runtime needed).</summary>
public sealed record CmdletMetadata(
    string TypeName,
    string Namespace,
    bool IsSealed,
    string Verb,
    string Noun,
    bool SupportsShouldProcess,
    string? ConfirmImpact,
    string? DefaultParameterSetName,
    IReadOnlyList<string> OutputTypes,
    IReadOnlyList<ParameterMetadata> Parameters)
{
    public string Name => $"{Verb}-{Noun}";
}

public sealed record ParameterMetadata(
    string Name, string TypeName, bool IsSwitch, bool SupportsWildcards, IReadOnlyList<string> Aliases, IReadOnlyList<ParameterSetMetadata> Sets);

public sealed record ParameterSetMetadata(
    string SetName, bool Mandatory, int? Position, bool ValueFromPipeline, bool ValueFromPipelineByPropertyName)
{
    public const string AllSets = "__AllParameterSets";
}

/// <summary>
/// Reads cmdlet classes from an assembly with MetadataLoadContext and CustomAttributeData: attribute
/// instances from the PowerShell reference assembly would read as defaults, their metadata does not.
/// </summary>
public static class CmdletMetadataReader
{
    private const string Automation = "System.Management.Automation.";

    public static IReadOnlyList<CmdletMetadata> Read(string assemblyPath, string automationReferencePath)
    {
        using var context = CreateContext(assemblyPath, automationReferencePath);
        var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(assemblyPath));
        return assembly.GetTypes()
            .Select(type => (Type: type, Cmdlet: Attribute(type, "CmdletAttribute")))
            .Where(t => t.Cmdlet is not null)
            .Select(t => ReadCmdlet(t.Type, t.Cmdlet!))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>A context that resolves the framework, the assembly's folder and the PowerShell reference assembly.</summary>
    public static MetadataLoadContext CreateContext(string assemblyPath, string automationReferencePath)
    {
        var paths = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Concat(Directory.GetFiles(Path.GetDirectoryName(Path.GetFullPath(assemblyPath))!, "*.dll"))
            .Append(automationReferencePath)
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.Last());
        return new MetadataLoadContext(new PathAssemblyResolver(paths), "System.Private.CoreLib");
    }

    private static CmdletMetadata ReadCmdlet(Type type, CustomAttributeData cmdlet)
    {
        var outputTypes = type.GetCustomAttributesData()
            .Where(a => a.AttributeType.FullName == Automation + "OutputTypeAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> items ? items.Select(i => i.Value) : [arg.Value])
            .Select(v => v is Type t ? t.FullName! : v?.ToString() ?? "")
            .ToList();
        var parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(ReadParameter)
            .Where(p => p is not null)
            .Select(p => p!)
            .ToList();
        return new CmdletMetadata(
            type.FullName!, type.Namespace ?? "", type.IsSealed,
            (string)cmdlet.ConstructorArguments[0].Value!, (string)cmdlet.ConstructorArguments[1].Value!,
            Named<bool>(cmdlet, "SupportsShouldProcess"),
            cmdlet.NamedArguments.Any(n => n.MemberName == "ConfirmImpact")
                ? Enum.GetName(typeof(ConfirmImpactNames), Named<int>(cmdlet, "ConfirmImpact")) : null,
            Named<string>(cmdlet, "DefaultParameterSetName"),
            outputTypes, parameters);
    }

    private static ParameterMetadata? ReadParameter(PropertyInfo property)
    {
        var sets = property.GetCustomAttributesData()
            .Where(a => a.AttributeType.FullName == Automation + "ParameterAttribute")
            .Select(a => new ParameterSetMetadata(
                Named<string>(a, "ParameterSetName") ?? ParameterSetMetadata.AllSets,
                Named<bool>(a, "Mandatory"),
                a.NamedArguments.Any(n => n.MemberName == "Position") ? Named<int>(a, "Position") : null,
                Named<bool>(a, "ValueFromPipeline"),
                Named<bool>(a, "ValueFromPipelineByPropertyName")))
            .ToList();
        if (sets.Count == 0) return null;
        var aliases = property.GetCustomAttributesData()
            .Where(a => a.AttributeType.FullName == Automation + "AliasAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> items ? items.Select(i => (string)i.Value!) : [(string)arg.Value!])
            .ToList();
        var wildcards = property.GetCustomAttributesData().Any(a => a.AttributeType.FullName == Automation + "SupportsWildcardsAttribute");
        var isSwitch = property.PropertyType.FullName == Automation + "SwitchParameter";
        return new ParameterMetadata(property.Name, FriendlyTypeName(property.PropertyType), isSwitch, wildcards, aliases, sets);
    }

    private static T? Named<T>(CustomAttributeData attribute, string name)
    {
        foreach (var argument in attribute.NamedArguments)
            if (argument.MemberName == name) return (T?)argument.TypedValue.Value;
        return default;
    }

    private static CustomAttributeData? Attribute(Type type, string name) =>
        type.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == Automation + name);

    private static string FriendlyTypeName(Type type)
    {
        if (type.IsArray) return FriendlyTypeName(type.GetElementType()!) + "[]";
        if (type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1")
            return FriendlyTypeName(type.GetGenericArguments()[0]);
        return type.FullName switch
        {
            "System.String" => "String",
            "System.Int32" => "Int32",
            "System.Boolean" => "Boolean",
            _ => type.FullName ?? type.Name,
        };
    }

    /// <summary>System.Management.Automation.ConfirmImpact's values, by number.</summary>
    private enum ConfirmImpactNames { None = 0, Low = 1, Medium = 2, High = 3 }
}
