using Harvest.HelpBuilder;

// harvest-helpbuilder CMDLET_DLL AUTOMATION_REFERENCE_DLL HELP_FOLDER OUTPUT_XML
// Fails, naming what is missing, when a cmdlet has no help file, a parameter no description, or no example.
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: Harvest.HelpBuilder CMDLET_DLL AUTOMATION_REFERENCE_DLL HELP_FOLDER OUTPUT_XML");
    return 2;
}
var (assembly, automation, folder, output) = (args[0], args[1], args[2], args[3]);
var cmdlets = CmdletMetadataReader.Read(assembly, automation);
var problems = new List<string>();
var documented = new List<(CmdletMetadata, HelpMarkdown)>();
foreach (var cmdlet in cmdlets)
{
    var path = Path.Combine(folder, cmdlet.Name + ".md");
    if (!File.Exists(path)) { problems.Add($"{cmdlet.Name}: no help file {path}"); continue; }
    var help = HelpMarkdown.Parse(File.ReadAllText(path));
    problems.AddRange(HelpChecks.Problems(cmdlet, help).Select(p => $"{path}: {p}"));
    documented.Add((cmdlet, help));
}
if (problems.Count > 0)
{
    foreach (var problem in problems) Console.Error.WriteLine($"error HELP001: {problem}");
    return 1;
}
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
MamlWriter.Write(documented).Save(output);
Console.WriteLine($"wrote help for {documented.Count} cmdlets to {output}");
return 0;
