using System.Text;

namespace Harvest.Cli.Output;

/// <summary>
/// Text for a terminal, with the control characters remote catalogs may put in titles, messages and URLs made visible
/// instead of obeyed: an ESC sequence in a title would otherwise clear the screen, move the cursor or retitle the window.
/// C0 controls (but tab and line feed), DEL and C1 controls become their visible Unicode pictures or U+FFFD; bidirectional
/// overrides, which reorder what a line seems to say, become U+FFFD. JSON output does not pass through here: its
/// serializer escapes control characters and it must stay exact.
/// </summary>
internal sealed class TerminalSafeWriter(TextWriter inner) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string NewLine
    {
        get => inner.NewLine;
        set => inner.NewLine = value;
    }

    public override void Write(char value) => inner.Write(Safe(value));

    public override void Write(string? value) => inner.Write(Neutralise(value));

    public override void Write(char[] buffer, int index, int count) => inner.Write(Neutralise(new string(buffer, index, count)));

    public override void WriteLine() => inner.WriteLine();

    public override void WriteLine(string? value) => inner.WriteLine(Neutralise(value));

    public override void Flush() => inner.Flush();

    public override Task FlushAsync() => inner.FlushAsync();

    /// <summary>The text with every character a terminal would act on replaced by a visible one.</summary>
    public static string? Neutralise(string? text)
    {
        if (text is null || !text.Any(IsUnsafe)) return text;
        var builder = new StringBuilder(text.Length);
        foreach (var c in text) builder.Append(Safe(c));
        return builder.ToString();
    }

    private static bool IsUnsafe(char c) =>
        (c < ' ' && c is not '\n' and not '\t') || c is >= '\u007f' and <= '\u009f' || c is >= '\u202a' and <= '\u202e' || c is >= '\u2066' and <= '\u2069';

    private static char Safe(char c) => !IsUnsafe(c) ? c
        : c < ' ' ? (char)('\u2400' + c) // U+2400..U+241F: ␀ ... ␛ ... ␟
        : c == '\u007f' ? '\u2421' // ␡
        : '\uFFFD';
}
