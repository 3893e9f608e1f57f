using Tremolo.Server.Files;

namespace Tremolo.SpecTests.Files;

/// <summary>
/// SPEC 4 `directory:`: files below the route's prefix, index.html for a folder, no escape
/// from the folder whatever the encoding or the symbolic links.
/// </summary>
public sealed class StaticDirectory_Containment : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("tremolo-dir-").FullName;
    private readonly DirectoryResolver _resolver;

    public StaticDirectory_Containment()
    {
        Directory.CreateDirectory(Path.Combine(_root, "site", "docs"));
        Directory.CreateDirectory(Path.Combine(_root, "site", "empty"));
        Directory.CreateDirectory(Path.Combine(_root, "site", ".well-known"));
        Directory.CreateDirectory(Path.Combine(_root, "site-private"));
        Directory.CreateDirectory(Path.Combine(_root, "outside"));
        Write("site/index.html");
        Write("site/docs/index.html");
        Write("site/docs/a b.txt");
        Write("site/docs/é.txt");
        Write("site/.env");
        Write("site/.well-known/security.txt");
        Write("site-private/secret.txt");
        Write("outside/secret.txt");
        File.CreateSymbolicLink(Path.Combine(_root, "site", "out.txt"), Path.Combine(_root, "outside", "secret.txt"));
        File.CreateSymbolicLink(Path.Combine(_root, "site", "outdir"), Path.Combine(_root, "outside"));
        File.CreateSymbolicLink(Path.Combine(_root, "site", "relout"), "../outside");
        File.CreateSymbolicLink(Path.Combine(_root, "site", "in.txt"), "docs/a b.txt");
        File.CreateSymbolicLink(Path.Combine(_root, "site", "indir"), "docs");
        File.CreateSymbolicLink(Path.Combine(_root, "site", "loop"), "loop");
        Assert.Equal(0, Mono.Unix.Native.Syscall.mkfifo(Path.Combine(_root, "site", "fifo"), Mono.Unix.Native.FilePermissions.DEFFILEMODE));
        File.CreateSymbolicLink(Path.Combine(_root, "site", "null"), "/dev/null");
        _resolver = new DirectoryResolver(Path.Combine(_root, "site"));
    }

    [Theory]
    [InlineData("", "site/index.html")]
    [InlineData("/", "site/index.html")]
    [InlineData("/index.html", "site/index.html")]
    [InlineData("/docs", "site/docs/index.html")]
    [InlineData("/docs/", "site/docs/index.html")]
    [InlineData("//docs//a%20b.txt", "site/docs/a b.txt")]
    [InlineData("/docs/a%20b.txt?x=../../outside", "site/docs/a b.txt")]
    [InlineData("/docs%2Fa%20b.txt", "site/docs/a b.txt")]
    [InlineData("/docs/%C3%A9.txt", "site/docs/é.txt")]
    [InlineData("/.well-known/security.txt", "site/.well-known/security.txt")]
    [InlineData("/in.txt", "site/docs/a b.txt")]
    [InlineData("/indir/a%20b.txt", "site/docs/a b.txt")]
    public void Resolves_InsideTheFolder(string path, string expected) =>
        Assert.Equal(Path.Combine(_root, expected), _resolver.Resolve(path, out _)?.FullName);

    [Theory]
    [InlineData("/../outside/secret.txt")]
    [InlineData("/docs/../../outside/secret.txt")]
    [InlineData("/%2e%2e/outside/secret.txt")]
    [InlineData("/%2E%2E%2Foutside%2Fsecret.txt")]
    [InlineData("/..%2F..%2Foutside/secret.txt")]
    [InlineData("/../site-private/secret.txt")]
    [InlineData("/docs/..%5C..%5Coutside%5Csecret.txt")]
    [InlineData("/docs\\..\\..\\outside\\secret.txt")]
    [InlineData("/index.html%00.txt")]
    [InlineData("/./index.html")]
    [InlineData("/.env")]
    [InlineData("/%2eenv")]
    [InlineData("/out.txt")]
    [InlineData("/outdir/secret.txt")]
    [InlineData("/relout/secret.txt")]
    [InlineData("/loop")]
    [InlineData("/fifo")]
    [InlineData("/null")]
    [InlineData("/empty")]
    [InlineData("/missing.txt")]
    [InlineData("/docs/a%20b.txt/x")]
    [InlineData("/%C3%28.txt")]
    [InlineData("/\u0100.txt")]
    public void Refuses_AnythingElse(string path) => Assert.Null(_resolver.Resolve(path, out _));

    [Fact]
    public void AbsolutePathInASegment_StaysInside() =>
        Assert.Null(_resolver.Resolve("/" + Uri.EscapeDataString(Path.Combine(_root, "outside", "secret.txt")), out _));

    [Fact]
    public void FolderReachedThroughALink_IsServed()
    {
        string link = Path.Combine(_root, "site-link");
        Directory.CreateSymbolicLink(link, Path.Combine(_root, "site"));
        var resolver = new DirectoryResolver(link);
        Assert.Equal(Path.Combine(_root, "site", "docs", "a b.txt"), resolver.Resolve("/docs/a%20b.txt", out _)?.FullName);
        Assert.Null(resolver.Resolve("/out.txt", out _));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string relative) => File.WriteAllText(Path.Combine(_root, relative), relative);
}
