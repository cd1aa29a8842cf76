using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace Harvest.PowerShell.Tests.Support;

/// <summary>
/// A host whose user interface records the lines written to it (what a console would show) and answers choice prompts
/// (-Confirm) with <see cref="Answer"/>, recording each; it never reads a line.
/// </summary>
public sealed class TestHost : PSHost
{
    private readonly TestHostUserInterface _ui = new();

    public IReadOnlyList<string> Lines => _ui.Lines;

    /// <summary>The prompts asked so far, caption and message.</summary>
    public IReadOnlyList<string> Prompts => _ui.Prompts;

    /// <summary>The label of the choice to answer with, such as "&amp;No" or "&amp;Yes" (null: refuse to prompt).</summary>
    public string? Answer { get => _ui.Answer; set => _ui.Answer = value; }
    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override string Name => "HarvestTestHost";
    public override PSHostUserInterface UI => _ui;
    public override Version Version => new(1, 0);
    public override void EnterNestedPrompt() => throw new NotSupportedException();
    public override void ExitNestedPrompt() => throw new NotSupportedException();
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
    public override void SetShouldExit(int exitCode) { }

    private sealed class TestHostUserInterface : PSHostUserInterface
    {
        private readonly List<string> _lines = [];
        private readonly List<string> _prompts = [];

        public string? Answer { get; set; }
        public IReadOnlyList<string> Lines { get { lock (_lines) return [.. _lines]; } }
        public IReadOnlyList<string> Prompts { get { lock (_prompts) return [.. _prompts]; } }

        private void Add(string text) { lock (_lines) _lines.Add(text.TrimEnd('\n')); }

        public override PSHostRawUserInterface? RawUI => null;
        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
            throw new NotSupportedException("the test host never prompts");
        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            lock (_prompts) _prompts.Add($"{caption}: {message}");
            var answer = choices.ToList().FindIndex(c => c.Label == Answer);
            return answer >= 0 ? answer : throw new NotSupportedException($"the test host has no answer among {string.Join(", ", choices.Select(c => c.Label))}");
        }
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            throw new NotSupportedException("the test host never prompts");
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
            PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException("the test host never prompts");
        public override string ReadLine() => throw new NotSupportedException("the test host never reads");
        public override SecureString ReadLineAsSecureString() => throw new NotSupportedException("the test host never reads");
        public override void Write(string value) => Add(value);
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Add(value);
        public override void WriteDebugLine(string message) => Add("DEBUG: " + message);
        public override void WriteErrorLine(string value) => Add("ERROR: " + value);
        public override void WriteLine(string value) => Add(value);
        public override void WriteProgress(long sourceId, ProgressRecord record) { }
        public override void WriteVerboseLine(string message) => Add("VERBOSE: " + message);
        public override void WriteWarningLine(string message) => Add("WARNING: " + message);
    }
}
