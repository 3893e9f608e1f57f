using Tremolo.Templates;

namespace Tremolo.SpecTests.Templates;

/// <summary>
/// Issue 3 item 3: whether a template or condition reads request.body / request.form is
/// decided from its syntax tree at load; anything that may reach them counts.
/// </summary>
public class Spec_4_1_UsageDetection
{
    [Theory]
    [InlineData("plain text", TemplateUsage.None)]
    [InlineData("{{ request.method }} {{ request.path }} {{ query.body }} {{ headers.form }}", TemplateUsage.None)]
    [InlineData("{{ x.request }} {{ body }} {{ form }}", TemplateUsage.None)]
    [InlineData("{{ request.body }}", TemplateUsage.Body)]
    [InlineData("got {{ request.body | string.size }}", TemplateUsage.Body)]
    [InlineData("{{ request?.body }}", TemplateUsage.Body)]
    [InlineData("{{ request.form.user | array.join ',' }}", TemplateUsage.Form)]
    [InlineData("{{ if request.method == 'POST' }}{{ request.form.a }}{{ end }}{{ request.body }}", TemplateUsage.Body | TemplateUsage.Form)]
    [InlineData("{{ request['body'] }}", TemplateUsage.Body | TemplateUsage.Form)]
    [InlineData("{{ request | object.keys }}", TemplateUsage.Body | TemplateUsage.Form)]
    [InlineData("{{ r = request; r.body }}", TemplateUsage.Body | TemplateUsage.Form)]
    [InlineData("{{ with request }}{{ body }}{{ end }}", TemplateUsage.Body | TemplateUsage.Form)]
    [InlineData("{{ this.request.body }}", TemplateUsage.Body | TemplateUsage.Form)]
    [InlineData("{{ request }}", TemplateUsage.Body | TemplateUsage.Form)]
    [InlineData("{{ func f(x); ret x.body; end; f request }}", TemplateUsage.Body | TemplateUsage.Form)]
    public void TemplateUsage_FromTheSyntaxTree(string text, TemplateUsage expected) =>
        Assert.Equal(expected, TemplateRun.Compile(text).Usage);

    [Theory]
    [InlineData("request.method == 'POST'", TemplateUsage.None)]
    [InlineData("request.body == ''", TemplateUsage.Body)]
    [InlineData("request.form.a", TemplateUsage.Form)]
    [InlineData("request[query.part]", TemplateUsage.Body | TemplateUsage.Form)]
    public void ConditionUsage_FromTheSyntaxTree(string expression, TemplateUsage expected)
    {
        var condition = TemplateCompiler.CompileCondition(expression, out var errors);
        Assert.Empty(errors);
        Assert.Equal(expected, condition.Usage);
    }
}
