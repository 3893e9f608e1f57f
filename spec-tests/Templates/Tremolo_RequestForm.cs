using Tremolo.Templates;

namespace Tremolo.SpecTests.Templates;

/// <summary>
/// tremolo-docs basics/body.md: request.form() of urlencoded and multipart/form-data
/// bodies, as Tremolo 0.5.2 reads them (files skipped; its errors kept).
/// </summary>
public class Tremolo_RequestForm
{
    private const string Fields = "{{ for field in request.form }}{{ field.key }}=[{{ field.value | array.join ',' }}] {{ end }}";

    private static string Post(string contentType, string body) =>
        $"POST /form HTTP/1.1\r\nHost: h\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\n\r\n{body}";

    private static string Multipart(params string[] parts) =>
        string.Concat(parts.Select(p => $"--XyZ\r\n{p}\r\n")) + "--XyZ--\r\n";

    [Fact]
    public void UrlencodedWithParameters() =>
        Assert.Equal("a=[1,3] b=[x y] ",
            TemplateRun.Render(Fields, Post("Application/X-WWW-Form-Urlencoded; charset=utf-8", "a=1&b=x+y&a=3")));

    [Fact]
    public void UrlencodedOfTwoBytesOrLessIsNotParsed() =>
        // parse_qs("=1") would give {'': ['1']}
        Assert.Equal("", TemplateRun.Render(Fields, Post("application/x-www-form-urlencoded", "=1")));

    [Fact]
    public void UrlencodedThreeBytesIsParsed() =>
        Assert.Equal("=[12] ", TemplateRun.Render(Fields, Post("application/x-www-form-urlencoded", "=12")));

    [Fact]
    public void MultipartFieldsInOrderFilesSkipped()
    {
        var body = Multipart(
            "Content-Disposition: form-data; name=\"user\"\r\n\r\nmy\u00c3\u00a9user",
            "Content-Disposition: form-data; name=\"upload\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nfile data",
            "content-disposition: form-data; name=user\r\n\r\nsecond\r\nline",
            "Content-Disposition: form-data; name=\"empty\"\r\n\r\n");
        Assert.Equal("user=[my\u00e9user,second\r\nline] empty=[] ",
            TemplateRun.Render(Fields, Post("multipart/form-data; boundary=XyZ", body)));
    }

    [Fact]
    public void MultipartQuotedBoundaryAndNameWithoutDisposition()
    {
        var body = Multipart("X-Other: 1\r\n\r\nv");
        Assert.Equal("=[v] ", TemplateRun.Render(Fields, Post("multipart/form-data; boundary=\"XyZ\"", body)));
    }

    [Fact]
    public void MultipartWithoutBoundaryIsBadRequest()
    {
        var error = Assert.Throws<RequestDataException>(() =>
            TemplateRun.Render(Fields, Post("multipart/form-data", Multipart("Content-Disposition: form-data; name=a\r\n\r\n1"))));
        Assert.Equal((400, "missing boundary"), (error.Code, error.Message));
    }

    [Fact]
    public void MultipartTruncatedIsBadRequest()
    {
        var error = Assert.Throws<RequestDataException>(() =>
            TemplateRun.Render(Fields, Post("multipart/form-data; boundary=XyZ", "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1")));
        Assert.Equal((400, "malformed multipart/form-data: incomplete read"), (error.Code, error.Message));
    }

    [Fact]
    public void MultipartInvalidUtf8FieldIsPythonsDecodeError()
    {
        var error = Assert.Throws<RequestDataException>(() =>
            TemplateRun.Render(Fields, Post("multipart/form-data; boundary=XyZ", Multipart("Content-Disposition: form-data; name=a\r\n\r\nab\u00e2\u0082"))));
        Assert.Equal((500, @"utf-8 b'ab\xe2\x82' 2 4 unexpected end of data"), (error.Code, error.Message));
    }

    // Tremolo shows str(HTTPException(cause=UnicodeDecodeError)): the error's args joined.
    [Theory]
    [InlineData("\u00ff", @"utf-8 b'\xff' 0 1 invalid start byte")]
    [InlineData("\u00e2\u0082x", @"utf-8 b'\xe2\x82x' 0 2 invalid continuation byte")]
    [InlineData("\u00e0\u0080", @"utf-8 b'\xe0\x80' 0 1 invalid continuation byte")]
    [InlineData("\u00c0\u00af", @"utf-8 b'\xc0\xaf' 0 1 invalid start byte")]
    [InlineData("'a\"\\\t\u00ff", @"utf-8 b'\'a""\\\t\xff' 5 6 invalid start byte")]
    [InlineData("it's\u00ff", @"utf-8 b""it's\xff"" 4 5 invalid start byte")]
    [InlineData("\n\u0001\u007f\u00ff", @"utf-8 b'\n\x01\x7f\xff' 3 4 invalid start byte")]
    public void DecodeErrorMessagesMatchCPython(string field, string message)
    {
        var error = Assert.Throws<RequestDataException>(() =>
            TemplateRun.Render(Fields, Post("multipart/form-data; boundary=XyZ", Multipart($"Content-Disposition: form-data; name=a\r\n\r\n{field}"))));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void MultipartEmptyBodyIsEmpty() =>
        Assert.Equal("", TemplateRun.Render(Fields, Post("multipart/form-data", "")));

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencodedx")]
    public void OtherContentTypesAreBadRequest(string contentType)
    {
        var error = Assert.Throws<RequestDataException>(() => TemplateRun.Render(Fields, Post(contentType, "a=1")));
        Assert.Equal((400, "invalid Content-Type"), (error.Code, error.Message));
    }

    [Fact]
    public void NoContentTypeIsBadRequest()
    {
        var error = Assert.Throws<RequestDataException>(() => TemplateRun.Render("{{ request.form.a }}", "GET / HTTP/1.1\r\nHost: h\r\n\r\n"));
        Assert.Equal((400, "invalid Content-Type"), (error.Code, error.Message));
    }
}
