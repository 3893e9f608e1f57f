namespace Tremolo.SpecTests.Templates;

/// <summary>SPEC 4.1 / RULE: `when` is a Scriban expression; missing values are false, not errors.</summary>
public class Spec_4_1_WhenConditions
{
    private static readonly Tremolo.Templates.RenderScope Scope = TemplateRun.Scope(
        "PUT /maintenance?a=1&e= HTTP/1.1\r\nHost: a&b\r\nX-Y: y\r\n\r\n");

    [Theory]
    [InlineData("request.method != 'GET' && request.method != 'POST'", true)]
    [InlineData("request.path == '/maintenance'", true)]
    [InlineData("request.path == '/early'", false)]
    [InlineData("(request.host | string.contains \"&\") || (request.host | string.contains \"<\")", true)]
    [InlineData("request.host | string.contains '\"'", false)]
    [InlineData("request.headers[\"x-y\"][0] == \"y\"", true)]
    [InlineData("headers[\"x-y\"] == \"y\"", true)]
    public void ParityAppConditions(string expression, bool expected) =>
        Assert.Equal(expected, TemplateRun.When(expression, Scope));

    [Theory]
    [InlineData("request.headers[\"x\"] == \"y\"")]
    [InlineData("request.headers[\"x\"][0] == \"y\"")]
    [InlineData("query.missing")]
    [InlineData("request.query.missing[0]")]
    [InlineData("request.nothing.deeper")]
    [InlineData("nothing")]
    [InlineData("response.status == 201")]
    [InlineData("exc.code")]
    [InlineData("message")]
    [InlineData("query.missing | string.contains 'x'")]
    public void MissingValuesAreFalse(string expression) =>
        Assert.False(TemplateRun.When(expression, Scope));

    [Theory]
    [InlineData("''", false)]
    [InlineData("null", false)]
    [InlineData("false", false)]
    [InlineData("query.e", false)]
    [InlineData("true", true)]
    [InlineData("'x'", true)]
    [InlineData("0", true)]
    [InlineData("query.a", true)]
    [InlineData("query.a == '1'", true)]
    [InlineData("request.query.a", true)]
    [InlineData("[]", true)]
    public void Truthiness(string expression, bool expected) =>
        Assert.Equal(expected, TemplateRun.When(expression, Scope));
}
