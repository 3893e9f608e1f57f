using Tremolo.Server.Files;

namespace Tremolo.SpecTests.Files;

/// <summary>Content types of `directory:` files, named as Python's mimetypes.guess_type() names them.</summary>
public sealed class StaticDirectory_MimeTypes
{
    [Theory]
    [InlineData("index.html", "text/html")]
    [InlineData("INDEX.HTM", "text/html")]
    [InlineData("site.css", "text/css")]
    [InlineData("app.js", "text/javascript")]
    [InlineData("data.json", "application/json")]
    [InlineData("notes.txt", "text/plain")]
    [InlineData("logo.png", "image/png")]
    [InlineData("photo.JPG", "image/jpeg")]
    [InlineData("icon.svg", "image/svg+xml")]
    [InlineData("font.woff2", "font/woff2")]
    [InlineData("archive.tar.gz", "application/gzip")]
    [InlineData("/a/b/clip.mp4", "video/mp4")]
    [InlineData("README", "application/octet-stream")]
    [InlineData("file.unknownext", "application/octet-stream")]
    [InlineData("trailing.", "application/octet-stream")]
    public void Get_NamesTheType(string fileName, string expected) => Assert.Equal(expected, MimeTypes.Get(fileName));
}
