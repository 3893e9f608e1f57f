using Tremolo.Server.Cli;
using Tremolo.SpecTests.Config;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Cli;

/// <summary>SPEC section 3: `tremolo serve|check|routes [CONFIG]`; exit 0 ok, 1 invalid config, 2 usage.</summary>
public sealed class Spec3_Cli : IDisposable
{
    private static readonly IReadOnlyDictionary<string, string?> NoEnvironment = new Dictionary<string, string?>();
    private readonly ConfigTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void NoCommandPrintsUsageToStderr()
    {
        var (code, stdout, stderr) = Run();
        Assert.Equal((2, ""), (code, stdout));
        Assert.StartsWith("usage: tremolo <command> [CONFIG] [options]\n", stderr);
    }

    [Fact]
    public void UnknownCommand()
    {
        var (code, _, stderr) = Run("frobnicate");
        Assert.Equal(2, code);
        Assert.Equal("tremolo: unknown command 'frobnicate' (serve, check or routes)\nRun 'tremolo --help' for the commands.\n", stderr);
    }

    [Theory]
    [InlineData("--prot", "tremolo check: unknown option --prot; did you mean --port?")]
    [InlineData("--port", "tremolo check: --port needs a value")]
    [InlineData("--debug=yes", "tremolo check: --debug takes no value")]
    [InlineData("second.yaml", "tremolo check: one CONFIG at most, got 'first.yaml', 'second.yaml'")]
    public void BadArgumentsAreUsageErrors(string argument, string message)
    {
        var (code, _, stderr) = Run("check", "first.yaml", argument);
        Assert.Equal(2, code);
        // One line and a hint, not the whole option list.
        Assert.Equal(message + "\nRun 'tremolo check --help' for the options.\n", stderr);
    }

    [Theory]
    [InlineData("--help", "usage: tremolo <command>")]
    [InlineData("help", "usage: tremolo <command>")]
    [InlineData("serve --help", "usage: tremolo serve [CONFIG] [options]")]
    [InlineData("check --help", "usage: tremolo check [CONFIG] [options]")]
    [InlineData("routes -h", "usage: tremolo routes [CONFIG] [options]")]
    public void HelpGoesToStdout(string arguments, string start)
    {
        var (code, stdout, stderr) = Run(arguments.Split(' '));
        Assert.Equal((0, ""), (code, stderr));
        Assert.StartsWith(start, stdout);
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("-V")]
    public void VersionGoesToStdout(string argument)
    {
        var version = typeof(CommandLine).Assembly.GetName().Version!;
        Assert.Equal((0, $"tremolo {version.Major}.{version.Minor}.{version.Build}\n", ""), Run(argument));
    }

    [Fact]
    public void CommandHelpListsEveryFlag()
    {
        var (_, stdout, _) = Run("serve", "--help");
        foreach (var flag in new[] { "--host", "--port", "--bind", "--worker-num", "--thread-pool-size", "--limit-memory", "--backlog", "--ssl-cert", "--ssl-key", "--debug", "--reload", "--no-ws", "--ws-max-payload-size", "--log-level", "--log-fmt", "--download-rate", "--upload-rate", "--buffer-size", "--client-max-body-size", "--client-max-header-size", "--max-queue-size", "--request-timeout", "--keepalive-timeout", "--keepalive-connections", "--app-handler-timeout", "--app-close-timeout", "--shutdown-timeout", "--server-name" })
        {
            Assert.Contains("\n  " + flag + " ", stdout);
        }
    }

    [Fact]
    public void CheckPrintsOk()
    {
        var path = _folder.Write("tremolo.yaml", "routes:\n  - {path: /, body: hi}\n");
        Assert.Equal((0, "ok\n", ""), Run("check", path));
    }

    [Fact]
    public void CheckWarnsAboutARouteRegexThatNeedsBacktrackingAndExits0()
    {
        var path = _folder.Write("tremolo.yaml", "routes:\n  - {path: /, body: hi}\n  - path: '^/(?P<a>x)/(?P=a)$'\n    body: x\n");
        var (code, stdout, stderr) = Run("check", path);
        Assert.Equal((0, "ok\n"), (code, stdout));
        Assert.StartsWith($"{path}:3:11: warning: regex '^/(?P<a>x)/(?P=a)$' needs backtracking", stderr);
    }

    [Fact]
    public void CheckPrintsEveryErrorAndExits1()
    {
        var path = _folder.Write("tremolo.yaml", "server:\n  port: abc\nrout: []\n");
        var (code, stdout, stderr) = Run("check", path, "--server-name", "x", "--backlog", "-1");
        Assert.Equal((1, ""), (code, stdout));
        Assert.Equal($"{path}:2:9: 'abc' is not a port\n{path}:3:1: unknown key 'rout'; did you mean 'routes'?\n--backlog: '-1' is not a count (expected a whole number, 0 or more)\n", stderr);
    }

    [Fact]
    public void ServeWithAnInvalidConfigExits1WithoutServing()
    {
        var path = _folder.Write("tremolo.yaml", "routes:\n  - path: /a\n");
        var (code, _, stderr) = Run("serve", path);
        Assert.Equal(1, code);
        Assert.StartsWith($"{path}:2:5: route '/a' has nothing to serve", stderr);
    }

    [Fact]
    public void ConfigDefaultsToTremoloYamlAndFlagsKeepTheirValues()
    {
        Assert.True(CommandArguments.TryParse([], out var bare, out _));
        Assert.Equal("tremolo.yaml", bare.ConfigPath);
        Assert.True(CommandArguments.TryParse(["--port", "80", "app.yaml", "--debug", "--host=::"], out var full, out _));
        Assert.Equal("app.yaml", full.ConfigPath);
        Assert.Equal(["--port", "80", "--debug", "--host=::"], full.Flags);
    }

    [Fact]
    public void RoutesPrintsMountedPatterns()
    {
        _folder.Write("admin/admin.yaml", "routes:\n  - {path: /, content_type: text/plain, body: admin}\n");
        var path = _folder.Write("tremolo.yaml", """
            routes:
              - {path: /, body: home}
            mount:
              - prefix: /api
                app:
                  routes:
                    - path: /items
                      methods: {get: {body: list}, post: {template: "{{ request.body }}"}}
                    - {path: /feed, sse: {channel: news}}
              - {prefix: /admin, include: admin/admin.yaml}
            """);
        var (code, stdout, _) = Run("routes", path);
        Assert.Equal(0, code);
        Assert.Equal(
            """
            METHODS   PATTERN                        SERVES
            *         /                              body
            *         ^/api/+feed(?:/+)?(?:\?.*)?$   sse
            GET,POST  ^/api/+items(?:/+)?(?:\?.*)?$  GET=body POST=template
            *         ^/api/+(?:\?.*)?$              index(503)
            *         ^/admin/+(?:\?.*)?$            body

            """,
            stdout);
    }

    [Fact]
    public void RoutesShowWhereAPublishRouteSends()
    {
        var path = _folder.Write("tremolo.yaml", """
            routes:
              - path: '^/api/rooms/(?P<room>[a-z]+)/messages$'
                methods: {post: {publish: {channel: "room-{{ params.room }}"}}}
              - {path: /news, publish: {channel: news, message: "{{ query.text }}"}}
            """);
        var (code, stdout, _) = Run("routes", path);
        Assert.Equal(0, code);
        Assert.Equal(
            """
            METHODS  PATTERN                                         SERVES
            *        /                                               index(503)
            POST     ^/api/rooms/(?<room>[a-z]+)/messages(?:\?.*)?$  POST=publish(room-{{ params.room }})
            *        /news                                           publish(news)

            """,
            stdout);
    }

    [Fact]
    public void RoutesOfTheRoutingParityApp()
    {
        var (code, stdout, _) = Run("routes", ParityApp("routing"));
        Assert.Equal(0, code);
        Assert.Equal(
            """
            METHODS          PATTERN                                                   SERVES
            *                /                                                         index(503)
            *                ^/page/(?<page_id>[0-9]+)                                 template
            *                ^/user/(?<name>[a-z]+)(?:\?.*)?$                          template
            *                ^/search\?(?:.*&)?q=(?<q>[^&]*)                           template
            *                ^/blog/(?<year>[0-9]{4})/(?<slug>[a-z0-9-]+)/?(?:\?.*)?$  template
            GET,POST         /hello                                                    GET=body POST=template
            GET,POST,DELETE  /items                                                    GET=body POST=template DELETE=body

            """,
            stdout);
    }

    [Fact]
    public void RoutesOfTheErrorsAndWebSocketParityApps()
    {
        Assert.Equal(
            """
            METHODS  PATTERN       SERVES
            *        /             index(503)
            *        /hello        body
            *        /boom         error(500)
            *        /forbidden    error(403)
            *        /teapot       error(418)
            *        /unavailable  error(503)
            *        /gone         error(410)
            *        /bad          error(400)
            GET      /items        GET=body

            """,
            Run("routes", ParityApp("errors")).Stdout);
        Assert.Equal(
            """
            METHODS  PATTERN  SERVES
            *        /        index(503)
            *        /ws      websocket(echo)
            *        /raw     websocket(echo)
            *        /small   websocket(echo)
            *        /hybrid  body websocket(echo)

            """,
            Run("routes", ParityApp("websocket")).Stdout);
    }

    [Theory]
    [MemberData(nameof(ParityApps_Load.ParityApps), MemberType = typeof(ParityApps_Load))]
    public void EveryParityAppChecksAndPrintsOneLinePerRoute(string app)
    {
        Assert.Equal((0, "ok\n", ""), Run("check", ParityApp(app)));
        var (code, stdout, stderr) = Run("routes", ParityApp(app));
        Assert.Equal((0, ""), (code, stderr));
        var routes = Tremolo.Config.Loading.ConfigLoader.Load(ParityApp(app), [], NoEnvironment).Document!.App.Routes;
        var builtinIndex = routes.Any(r => r.Pattern is null && r.Path.Trim('/').Length == 0) ? 0 : 1;
        Assert.Equal(1 + builtinIndex + routes.Count, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    private static string ParityApp(string app) => Path.Combine(RepositoryPaths.Shared, "parity", "apps", app, "tremolo.yaml");

    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = CommandLine.Run(args, stdout, stderr, NoEnvironment);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
