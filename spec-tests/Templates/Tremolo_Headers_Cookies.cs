using Tremolo.Templates.Parsing;

namespace Tremolo.SpecTests.Templates;

/// <summary>
/// tremolo-docs basics/headers.md "How to get cookies?": request.cookies as Tremolo 0.5.2's
/// parse_fields builds it (expected values produced by that Python code), except that names
/// keep the order they were sent in (Tremolo's dict has them last first; a loop over the
/// cookies follows the header instead).
/// </summary>
public class Tremolo_Headers_Cookies
{
    private static string Show(FieldMap map) =>
        string.Join(" ", map.Names.Select(n => $"{n}=[{string.Join(",", map.Get(n)!)}]"));

    private static List<KeyValuePair<string, string>> CookieHeaders(params string[] values) =>
        values.Select(v => new KeyValuePair<string, string>("cookie", v)).ToList();

    [Fact]
    public void TwoCookieHeadersAccumulateLastFirst() =>
        // The docs say ['123', 'xyz']; Tremolo 0.5.2 scans from the end and gives this.
        Assert.Equal("a=[xyz,123]", Show(CookieHeaderParser.Parse(CookieHeaders("a=123", "a=xyz"))));

    [Fact]
    public void QuotesStrippedAndPercentDecoded() =>
        Assert.Equal("sid=[q uoted] theme=[a=b]", Show(CookieHeaderParser.Parse("sid=\"q%20uoted\"; theme=a%3Db")));

    [Fact]
    public void NamesLowercasedAndTrimmedValuesLatin1() =>
        Assert.Equal("name=[v] =[x] b=[q] c=[\u00c3\u00a9] d=[] e=[1=2]",
            Show(CookieHeaderParser.Parse(" Name = v ;; =x; b=\"\tq\t\" ; c=%C3%A9; d; e=1=2")));

    [Fact]
    public void NoCookieHeaderIsEmpty() =>
        Assert.Equal(0, CookieHeaderParser.Parse([new KeyValuePair<string, string>("host", "h")]).Count);

    [Fact]
    public void AtMostAHundredFieldsFromTheEnd()
    {
        var cookies = CookieHeaderParser.Parse(string.Join("; ", Enumerable.Range(0, 150).Select(i => $"c{i}=v")));
        Assert.Equal(100, cookies.Count);
        Assert.Equal("c50", cookies.Names[0]);
        Assert.Equal("c149", cookies.Names[^1]);
    }

    [Fact]
    public void RepeatedNameKeepsItsFirstPlaceAndListsValuesLastFirst() =>
        Assert.Equal("b=[3,1] a=[2]", Show(CookieHeaderParser.Parse("b=1; a=2; b=3")));

    [Fact]
    public void TemplatesSeeFirstValueAndList() =>
        Assert.Equal("xyz xyz|123",
            TemplateRun.Render("{{ cookies.a }} {{ request.cookies.a | array.join '|' }}",
                "GET / HTTP/1.1\r\nHost: h\r\nCookie: a=123\r\nCookie: a=xyz\r\n\r\n"));
}
