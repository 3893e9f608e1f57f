using System.Text.RegularExpressions;
using Tremolo.Config.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tremolo.Config.Loading;

/// <summary>Reads one YAML file into its node tree (every node keeps its position).</summary>
internal static partial class YamlFile
{
    /// <summary>The file and its root node; null root when it could not be read or parsed (reported).</summary>
    public static (SourceFile? File, YamlNode? Root) Read(string displayPath, string fullPath, LoadSession session, SourceLocation? namedAt)
    {
        string? text;
        try
        {
            text = RegularFile.ReadText(fullPath, session.Budget, out var problem);
            if (text is null)
            {
                session.Diagnostics.Add(namedAt ?? SourceLocation.Of(displayPath), $"'{displayPath}' {problem}");
                return (null, null);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            session.Diagnostics.Add(namedAt ?? SourceLocation.Of(displayPath), $"cannot read '{displayPath}': {e.Message}");
            return (null, null);
        }

        session.WatchedFiles.Add(fullPath);
        var file = new SourceFile(displayPath, fullPath, text);
        var stream = new YamlStream();
        var parser = new BoundedParser(new Parser(new StringReader(text)), session.Budget);
        try
        {
            stream.Load(new DuplicateKeyFilter(parser, (at, message) =>
                session.Diagnostics.Add(file.At((int)at.Line, (int)at.Column), message)));
        }
        catch (YamlLimitException e)
        {
            session.Diagnostics.Add(file.At((int)e.At.Line, (int)e.At.Column), e.Message);
            return (file, null);
        }
        catch (YamlException e)
        {
            session.Diagnostics.Add(file.At((int)e.Start.Line, (int)e.Start.Column), $"YAML syntax error: {PositionPrefix().Replace(e.Message, "")}");
            return (file, null);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet fails this way, not with a YamlException, on some malformed input (found by Fuzz_YamlLoader).
            session.Diagnostics.Add(file.At(Math.Max(1, (int)parser.LastEnd.Line), Math.Max(1, (int)parser.LastEnd.Column)), "YAML syntax error: the text after this point is not valid YAML");
            return (file, null);
        }

        if (stream.Documents.Count > 1)
        {
            session.Diagnostics.Add(file.At(stream.Documents[1].RootNode), "a config file holds one YAML document; remove the '---' and what follows");
        }

        var root = stream.Documents.Count == 0 ? new YamlMappingNode() : stream.Documents[0].RootNode;
        return (file, root);
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex PositionPrefix();
}
