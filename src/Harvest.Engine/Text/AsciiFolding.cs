namespace Harvest.Engine.Text;

/// <summary>
/// Latin letters with diacritics (and a few ligatures) as plain ASCII, for dataset name slugs.
/// A table rather than <c>string.Normalize(FormD)</c>: normalization needs ICU, and under invariant
/// globalization (the CLI's setting) it returns the text unchanged, so "Café" became "caf".
/// The tables hold, for every precomposed character of U+00C0-U+024F and U+1E00-U+1EFF, the lower-case
/// base letter of its canonical decomposition, or the letter it is read as (ø, đ, ð, ħ); ' ' where there is none.
/// </summary>
public static class AsciiFolding
{
    private const string Latin =
        "aaaaaa ceeeeiiiidnooooo ouuuuy  aaaaaa ceeeeiiiidnooooo ouuuuy y" + // U+00C0
        "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii  jjkk llllll " + // U+0100
        " llnnnnnn   oooooo  rrrrrrsssssssstttt  uuuuuuuuuuuuwwyyyzzzzzz " + // U+0140
        "                                oo             uu               " + // U+0180
        "             aaiioouuuuuuuuuu aaaa    ggkkoooo  j   gg  nnaa    " + // U+01C0
        "aaaaeeeeiiiioooorrrruuuusstt  hh      aaeeooooooooyy            " + // U+0200
        "                ";                                                  // U+0240

    private const string LatinAdditional =
        "aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm" + // U+1E00
        "mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv" + // U+1E40
        "wwwwwwwwwwxxxxyyzzzzzzhtwy      aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee" + // U+1E80
        "eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy      ";  // U+1EC0

    /// <summary>The ASCII spelling of a character, or null when it has none (ASCII characters included).</summary>
    public static string? Fold(char c)
    {
        switch (c)
        {
            case 'ß': return "ss";
            case 'æ' or 'Æ': return "ae";
            case 'œ' or 'Œ': return "oe";
            case 'þ' or 'Þ': return "th";
            case 'ł' or 'Ł': return "l";
            case 'ı': return "i";
            case '\u212A': return "k"; // Kelvin sign
            case '\u212B': return "a"; // Angstrom sign
        }
        var folded = c switch
        {
            >= '\u00C0' and <= '\u024F' => Latin[c - 0x00C0],
            >= '\u1E00' and <= '\u1EFF' => LatinAdditional[c - 0x1E00],
            _ => ' ',
        };
        return folded == ' ' ? null : folded.ToString();
    }
}
