namespace Tremolo.SpecTests.Parity;

/// <summary>The corpus README's --cmd placeholders and splitting (shlex rules, no shell), as TREMOLO_PARITY_CMD uses them.</summary>
public sealed class ParityReadme_CommandTemplate
{
    [Fact]
    public void PlaceholdersArePathQuotedThenSplit()
    {
        var argv = CommandTemplate.Expand(
            """dotnet {app_dir}/x.dll serve {yaml} --port {port} --name "{app} x" {{literal}}""",
            8123, "/tmp/my dir/tremolo.yaml", "/a'b", "hello");

        Assert.Equal(["dotnet", "/a'b/x.dll", "serve", "/tmp/my dir/tremolo.yaml", "--port", "8123", "--name", "hello x", "{literal}"], argv);
    }

    [Fact]
    public void UnknownPlaceholderIsAnError()
        => Assert.Throws<FormatException>(() => CommandTemplate.Expand("run {host}", 1, "y", "d", "a"));

    [Fact]
    public void SplitFollowsShlex()
        => Assert.Equal(["a\\b", "c de", "", "x\\\\$y"], ShellWords.Split("""a\\b "c d"e '' "x\\\$y" """));

    [Theory]
    [InlineData("", "''")]
    [InlineData("/plain/path-1.yaml", "/plain/path-1.yaml")]
    [InlineData("it's", "'it'\"'\"'s'")]
    public void QuoteFollowsShlex(string word, string quoted) => Assert.Equal(quoted, ShellWords.Quote(word));
}
