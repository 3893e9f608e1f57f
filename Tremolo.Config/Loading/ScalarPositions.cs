using Tremolo.Config.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tremolo.Config.Loading;

/// <summary>
/// Maps a position inside a scalar's text (1-based line and column, as a template error
/// gives it) back to the YAML file: block scalars by line and indentation, flow scalars by
/// column (a quote shifts by one).
/// </summary>
internal static class ScalarPositions
{
    public static SourceLocation Map(SourceFile file, YamlScalarNode node, int line, int column)
    {
        var startLine = (int)node.Start.Line;
        var startColumn = (int)node.Start.Column;
        switch (node.Style)
        {
            case ScalarStyle.Literal:
                return file.At(startLine + line, BlockIndent(file, startLine) + column);
            case ScalarStyle.Folded:
                return MapFolded(file, startLine, Offset(node.Value ?? "", line, column));
            default:
                var quote = node.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted ? 1 : 0;
                return line == 1 ? file.At(startLine, startColumn + quote + column - 1) : file.At(startLine + line - 1, column);
        }
    }

    /// <summary>The indentation of a block scalar's content: that of its first non-blank line.</summary>
    private static int BlockIndent(SourceFile file, int headerLine)
    {
        for (var line = headerLine + 1; line <= file.Lines.Length; line++)
        {
            var text = file.Line(line);
            if (text.Trim().Length > 0)
            {
                return text.Length - text.TrimStart(' ').Length;
            }
        }

        return 0;
    }

    /// <summary>A folded scalar joins its lines with one character each; walk them to find the offset.</summary>
    private static SourceLocation MapFolded(SourceFile file, int headerLine, int offset)
    {
        var indent = BlockIndent(file, headerLine);
        var line = headerLine + 1;
        for (; line <= file.Lines.Length; line++)
        {
            var content = file.Line(line);
            content = content.Length > indent ? content[indent..] : "";
            if (offset <= content.Length)
            {
                break;
            }

            offset -= content.Length + 1;
        }

        return file.At(line, indent + offset + 1);
    }

    private static int Offset(string text, int line, int column)
    {
        var offset = 0;
        for (var current = 1; current < line; current++)
        {
            var newline = text.IndexOf('\n', offset);
            if (newline < 0)
            {
                break;
            }

            offset = newline + 1;
        }

        return offset + column - 1;
    }
}
