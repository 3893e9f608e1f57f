using Tremolo.Templates;
using Tremolo.Templates.Parsing;

namespace Tremolo.SpecTests.Templates;

/// <summary>
/// request.query: Python 3.11 parse_qs(query_string.decode('latin-1'), max_num_fields=100),
/// expected values produced by that Python call.
/// </summary>
public class Tremolo_RequestQueryParsing
{
    private static string Show(FieldMap map) =>
        string.Join(" ", map.Names.Select(n => $"{n}=[{string.Join(",", map.Get(n)!)}]"));

    [Theory]
    [InlineData("a=1&b=two&a=3", "a=[1,3] b=[two]")]
    [InlineData("a=x+y%20z%C3%A9&b=&a=&missing", "a=[x y z\u00e9]")]
    [InlineData("a=1;b=2", "a=[1;b=2]")]
    [InlineData("c=%zz&d=%C3&e=%C3%A9x&%41=+", "c=[%zz] d=[\ufffd] e=[\u00e9x] A=[ ]")]
    [InlineData("f=caf\u00e9%20", "f=[caf\u00e9 ]")]
    [InlineData("a=\u00c3%A9", "a=[\u00c3\ufffd]")]
    [InlineData("k=v=w&&=x", "k=[v=w] =[x]")]
    [InlineData("", "")]
    public void ParsesLikePythonParseQs(string query, string expected) =>
        Assert.Equal(expected, Show(QueryStringParser.Parse(query)));

    [Fact]
    public void AHundredFieldsAreAllowed() =>
        Assert.Equal(0, QueryStringParser.Parse(new string('&', 99)).Count);

    [Fact]
    public void MoreThanAHundredFieldsIsPythonsValueError()
    {
        var error = Assert.Throws<RequestDataException>(() => QueryStringParser.Parse(new string('&', 100)));
        Assert.Equal(500, error.Code);
        Assert.Equal("Max number of fields exceeded", error.Message);
    }

    [Fact]
    public void TooManyFieldsInATemplateIsARequestDataError()
    {
        var raw = $"GET /?{string.Join("&", Enumerable.Range(0, 101).Select(i => $"k{i}=v"))} HTTP/1.1\r\nHost: h\r\n\r\n";
        var error = Assert.Throws<RequestDataException>(() => TemplateRun.Render("{{ query.k1 }}", raw));
        Assert.Equal(500, error.Code);
    }
}
