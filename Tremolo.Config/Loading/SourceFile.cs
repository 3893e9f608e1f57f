using Tremolo.Config.Model;
using YamlDotNet.RepresentationModel;

namespace Tremolo.Config.Loading;

/// <summary>
/// A text file being loaded: the name the user knows it by (for messages), its absolute
/// path, and its lines (to map template errors inside block scalars).
/// </summary>
internal sealed class SourceFile
{
    public SourceFile(string displayPath, string fullPath, string text)
    {
        DisplayPath = displayPath;
        FullPath = fullPath;
        Text = text;
        Lines = text.Split('\n');
    }

    public string DisplayPath { get; }

    public string FullPath { get; }

    public string Text { get; }

    public string[] Lines { get; }

    public string Directory => Path.GetDirectoryName(FullPath)!;

    public SourceLocation At(YamlNode node) => new(DisplayPath, (int)node.Start.Line, (int)node.Start.Column);

    public SourceLocation At(int line, int column) => new(DisplayPath, line, column);

    /// <summary>A path named in this file: absolute, against this file's folder.</summary>
    public string Resolve(string relative) => Path.GetFullPath(Path.Combine(Directory, relative));

    /// <summary>How to name a file this one refers to: relative the way the user named this one.</summary>
    public string DisplayOf(string relative) =>
        Path.IsPathRooted(relative) ? relative : Path.Combine(Path.GetDirectoryName(DisplayPath) ?? "", relative);

    /// <summary>Line <paramref name="line"/> (1-based), or "" past the end.</summary>
    public string Line(int line) => line >= 1 && line <= Lines.Length ? Lines[line - 1].TrimEnd('\r') : "";
}
