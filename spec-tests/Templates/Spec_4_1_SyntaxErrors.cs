using Tremolo.Templates;

namespace Tremolo.SpecTests.Templates;

/// <summary>SPEC 4.1: templates and conditions are checked at load; errors carry 1-based line and column in the text.</summary>
public class Spec_4_1_SyntaxErrors
{
    [Fact]
    public void TemplateErrorPositionIsOneBased()
    {
        // Scriban points at the token where it expected the condition: the `}}`.
        TemplateCompiler.Compile("line one\nab {{ if }}", out var errors);
        Assert.Equal((2, 10), (errors[0].Line, errors[0].Column));
        Assert.Contains("Expecting <expression>", errors[0].Message);
    }

    [Fact]
    public void UnclosedBlockIsAnError()
    {
        TemplateCompiler.Compile("{{ for x in [1] }}x", out var errors);
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.True(e.Line >= 1 && e.Column >= 1));
    }

    [Fact]
    public void ConditionErrorPosition()
    {
        TemplateCompiler.CompileCondition("request.method == ", out var errors);
        var error = Assert.Single(errors);
        Assert.Equal((1, 19), (error.Line, error.Column));
    }

    [Fact]
    public void ErrorAtTheEndOfAMultiLineCondition()
    {
        TemplateCompiler.CompileCondition("true\nb ==", out var errors);
        Assert.Equal((2, 5), (errors[0].Line, errors[0].Column));
    }

    [Fact]
    public void ErrorInsideAssignment()
    {
        TemplateCompiler.Compile("{{ x = }}", out var errors);
        Assert.Equal((1, 8), (errors[0].Line, errors[0].Column));
    }

    [Fact]
    public void ConditionIsScriptModeWithoutBraces()
    {
        TemplateCompiler.CompileCondition("request.method != 'GET' && request.method != 'POST'", out var errors);
        Assert.Empty(errors);
    }

    [Fact]
    public void TextWithoutCodeIsAConstant()
    {
        var template = TemplateRun.Compile("<p>hello } { %</p>");
        Assert.True(template.IsConstant);
        Assert.Same(template.Source, template.Render(TemplateRun.Scope("GET / HTTP/1.1\r\nHost: h\r\n\r\n"), escapeHtml: true));
    }

    [Fact]
    public void EscapeBlockIsNotAConstant()
    {
        var template = TemplateRun.Compile("{%{ {{ x }} }%}");
        Assert.False(template.IsConstant);
        Assert.Equal(" {{ x }} ", template.Render(TemplateRun.Scope("GET / HTTP/1.1\r\nHost: h\r\n\r\n"), escapeHtml: true));
    }
}
