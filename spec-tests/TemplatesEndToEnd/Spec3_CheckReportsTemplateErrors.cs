using Tremolo.Server.Cli;
using Tremolo.SpecTests.Config;

namespace Tremolo.SpecTests.TemplatesEndToEnd;

/// <summary>
/// SPEC 3 / 4.1: `tremolo check` prints a template syntax error as FILE:LINE:COL pointing
/// at the mistake, in the YAML or in a template_file, and exits 1.
/// </summary>
public sealed class Spec3_CheckReportsTemplateErrors : IDisposable
{
    private readonly ConfigTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void ErrorInTheYamlPointsAtTheTag()
    {
        // The template starts at column 16 (after the quote); Scriban points at the last
        // letter of the stray `end`, its 15th character.
        var yaml = _folder.Write("tremolo.yaml", "routes:\n  - path: /ok\n    body: fine\n  - path: /bad\n    template: \"<p>hi</p>{{ end }}\"\n");
        var (code, stdout, stderr) = Check(yaml);
        Assert.Equal((1, ""), (code, stdout));
        Assert.Equal(
            $"{yaml}:5:30: invalid template: Error while parsing ScriptPage: Found <end> statement without a corresponding beginning of a block in: ...\n",
            stderr);
    }

    [Fact]
    public void ErrorInATemplateFilePointsIntoThatFile()
    {
        var page = _folder.Write("pages/page.html", "<html>\n<body>\n  <p>{{ for x in }}</p>\n</body>\n");
        var yaml = _folder.Write("tremolo.yaml", "routes:\n  - path: /\n    template_file: pages/page.html\n");
        var (code, stdout, stderr) = Check(yaml);
        Assert.Equal((1, ""), (code, stdout));
        Assert.Equal(
            $"{page}:3:18: invalid template: Error while parsing for statement: Expecting <expression> instead of `}}}}` in: for <variable> in <expression> ... end\n" +
            $"{page}:3:20: invalid template: Error while parsing for statement: The <end> statement was not found in: for <variable> in <expression> ... end\n",
            stderr);
    }

    private static (int Code, string Stdout, string Stderr) Check(string yaml)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = CommandLine.Run(["check", yaml], stdout, stderr, new Dictionary<string, string?>());
        return (code, stdout.ToString(), stderr.ToString());
    }
}
