using Tremolo.Config.Model;
using Tremolo.Templates;
using YamlDotNet.RepresentationModel;

namespace Tremolo.Config.Loading;

/// <summary>Compiles templates and conditions at load; each syntax error is reported where it is in the file.</summary>
internal static class TemplateReader
{
    public static CompiledTemplate? Template(NodeReader reader, YamlNode node, string what)
    {
        if (reader.Text(node, what) is not { } text)
        {
            return null;
        }

        var template = TemplateCompiler.Compile(text, out var errors);
        foreach (var error in errors)
        {
            var (line, column) = Position(error, text);
            reader.Error(ScalarPositions.Map(reader.File, (YamlScalarNode)node, line, column), $"invalid template: {error.Message}");
        }

        return template;
    }

    public static CompiledCondition? Condition(NodeReader reader, YamlNode node)
    {
        if (reader.Text(node, "'when'") is not { } text)
        {
            return null;
        }

        var condition = TemplateCompiler.CompileCondition(text, out var errors);
        foreach (var error in errors)
        {
            var (line, column) = Position(error, text);
            reader.Error(ScalarPositions.Map(reader.File, (YamlScalarNode)node, line, column), $"invalid condition: {error.Message}");
        }

        return condition;
    }

    /// <summary>template_file: read and compiled now; its errors point into that file.</summary>
    public static TemplateBody? TemplateFile(NodeReader reader, YamlNode node)
    {
        if (reader.Text(node, "'template_file'") is not { } relative)
        {
            return null;
        }

        var full = reader.File.Resolve(relative);
        if (relative.Length == 0 || !File.Exists(full))
        {
            reader.Error(node, $"template_file '{relative}' does not exist");
            return null;
        }

        reader.Session.WatchedFiles.Add(full);
        if (RegularFile.ReadText(full, reader.Session.Budget, out var problem) is not { } text)
        {
            reader.Error(node, $"template_file '{relative}' {problem}");
            return null;
        }

        var templateFile = new SourceFile(reader.File.DisplayOf(relative), full, text);
        var template = TemplateCompiler.Compile(templateFile.Text, out var errors);
        foreach (var error in errors)
        {
            var (line, column) = Position(error, templateFile.Text);
            reader.Error(templateFile.At(line, column), $"invalid template: {error.Message}");
        }

        return new TemplateBody(template, full);
    }

    /// <summary>An error without a position (at the end of input) points just past the text.</summary>
    private static (int Line, int Column) Position(TemplateSyntaxError error, string text)
    {
        if (error.Line >= 1 && error.Column >= 1)
        {
            return (error.Line, error.Column);
        }

        var trimmed = text.TrimEnd('\n');
        var lastBreak = trimmed.LastIndexOf('\n');
        return (trimmed.Count(c => c == '\n') + 1, trimmed.Length - lastBreak);
    }
}
