namespace Tremolo.SpecTests.Config;

/// <summary>SPEC section 4: every mistake in tremolo.yaml is reported as FILE:LINE:COL: message.</summary>
public sealed class Spec4_ConfigValidation : IDisposable
{
    // Rules and error pages may use every body form but the route-only publish.
    private const string SharedBodyForms = "body, template, template_file, file, directory, redirect, error, close, health, metrics";
    private const string BodyForms = SharedBodyForms + ", publish";
    private readonly ConfigTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void UnknownKeySuggestsTheNearestKnownOne()
    {
        Assert.Equal(["tremolo.yaml:1:1: unknown key 'rout'; did you mean 'routes'?"], _folder.Errors("rout: []\n"));
    }

    [Fact]
    public void UnknownKeyWithoutANearOneListsTheKnownKeys()
    {
        Assert.Equal(
            ["tremolo.yaml:2:3: unknown key 'zzzzzz' in 'server'; expected one of: host, port, bind, reuse_port, worker_num, thread_pool_size, limit_memory, backlog, debug, reload, ws, ws_max_payload_size, ws_compression, encode, encode_min_length, log_level, log_fmt, log_format, access_log, download_rate, upload_rate, buffer_size, client_max_body_size, client_max_header_size, max_queue_size, request_timeout, keepalive_timeout, keepalive_connections, max_connections, max_connections_per_ip, app_handler_timeout, app_close_timeout, shutdown_timeout, server_name, forwarded_allow_ips, broker, broker_prefix, ssl"],
            _folder.Errors("server:\n  zzzzzz: 1\n"));
    }

    [Fact]
    public void UnknownKeyInsideARouteIsReportedWhereItIs()
    {
        Assert.Equal(
            ["tremolo.yaml:4:5: unknown key 'tempalte'; did you mean 'template'?"],
            _folder.Errors("routes:\n  - path: /a\n    body: x\n    tempalte: y\n"));
    }

    [Theory]
    [InlineData("abc", "'abc' is not a port")]
    [InlineData("70000", "'70000' is not a port")]
    [InlineData("-1", "'-1' is not a port")]
    public void PortMustBeAPort(string value, string message)
    {
        Assert.Equal([$"tremolo.yaml:2:9: {message}"], _folder.Errors($"server:\n  port: {value}\n"));
    }

    [Theory]
    [InlineData("client_max_body_size: -1", "'-1' is not a size (expected bytes, 0 or more)")]
    [InlineData("ws_max_payload_size: -5", "'-5' is not a size (expected bytes, 0 or more)")]
    [InlineData("buffer_size: 0", "'0' is not a count (expected a whole number, 1 or more)")]
    [InlineData("request_timeout: soon", "'soon' is not a duration (expected seconds, 0 or more)")]
    [InlineData("debug: maybe", "'maybe' is not a boolean (expected true or false)")]
    [InlineData("log_level: LOUD", "'LOUD' is not a log level (expected DEBUG, INFO, WARNING, ERROR or CRITICAL)")]
    [InlineData("download_rate: 0", "'0' is not a rate (expected bytes per second, 1 or more)")]
    [InlineData("encode: zstd", "'zstd' is not a list of encodings (expected br and/or gzip; 'zstd' is unknown)")]
    [InlineData("encode_min_length: -1", "'-1' is not a count (expected a whole number, 0 or more)")]
    [InlineData("ws_compression: gzip", "'gzip' is not a compression setting (expected true, false or dedicated)")]
    public void OptionValuesAreChecked(string line, string message)
    {
        var column = line.IndexOf(':') + 5;
        Assert.Equal([$"tremolo.yaml:2:{column}: {message}"], _folder.Errors($"server:\n  {line}\n"));
    }

    [Fact]
    public void UnknownEncodingInARouteListIsReportedWhereItStands()
    {
        Assert.Equal(
            ["tremolo.yaml:4:20: 'zstd' is not a list of encodings (expected br and/or gzip; 'zstd' is unknown)"],
            _folder.Errors("routes:\n  - path: /a\n    body: x\n    encode: [gzip, zstd]\n"));
    }

    [Fact]
    public void WrongShapeIsReported()
    {
        Assert.Equal(["tremolo.yaml:1:9: 'routes' must be a list"], _folder.Errors("routes: {path: /}\n"));
    }

    [Fact]
    public void TwoBodyFormsInOneResponse()
    {
        Assert.Equal(
            ["tremolo.yaml:4:5: two body forms in one RESPONSE: 'body' and 'template'; keep one"],
            _folder.Errors("routes:\n  - path: /a\n    body: x\n    template: y\n"));
    }

    [Fact]
    public void EmptyRuleIsReported()
    {
        Assert.Equal(
            [$"tremolo.yaml:3:7: empty rule: it needs a body form ({SharedBodyForms}) or a decoration (status, message, content_type, headers, cookies)"],
            _folder.Errors("middleware:\n  request:\n    - {}\n"));
    }

    [Fact]
    public void RuleWithOnlyAConditionIsEmpty()
    {
        Assert.Equal(
            [$"tremolo.yaml:3:7: empty rule: it needs a body form ({SharedBodyForms}) or a decoration (status, message, content_type, headers, cookies)"],
            _folder.Errors("middleware:\n  response:\n    - when: \"request.method == 'GET'\"\n"));
    }

    [Fact]
    public void EmptyMethodResponseIsReported()
    {
        Assert.Equal(
            [$"tremolo.yaml:4:12: empty RESPONSE for method 'get': it needs a body form ({BodyForms})"],
            _folder.Errors("routes:\n  - path: /a\n    methods:\n      get: {}\n"));
    }

    [Fact]
    public void ResponseWithDecorationsOnlyHasNoBodyForm()
    {
        Assert.Equal(
            [$"tremolo.yaml:2:5: the RESPONSE of route '/a' has no body form (one of: {BodyForms})"],
            _folder.Errors("routes:\n  - path: /a\n    status: 201\n"));
    }

    [Fact]
    public void RouteWithNothingToServe()
    {
        Assert.Equal(
            [$"tremolo.yaml:2:5: route '/a' has nothing to serve: add a body form ({BodyForms}), methods, websocket or sse"],
            _folder.Errors("routes:\n  - path: /a\n"));
    }

    [Fact]
    public void RouteWithoutPath()
    {
        Assert.Equal(["tremolo.yaml:2:5: a route needs a 'path'"], _folder.Errors("routes:\n  - body: x\n"));
    }

    [Fact]
    public void ResponseAndMethodsTogether()
    {
        Assert.Equal(
            ["tremolo.yaml:4:5: a route has either a body form or methods, not both: put the body form under each method (decorations such as headers beside methods are the default of every method)"],
            _folder.Errors("routes:\n  - path: /a\n    body: x\n    methods: {get: {body: y}}\n"));
    }

    [Fact]
    public void InvalidRegexIsReportedAtThePath()
    {
        Assert.Equal(
            ["tremolo.yaml:2:11: invalid regex '^/b/(?P<id>[0-9]+': insufficient closing parentheses"],
            _folder.Errors("routes:\n  - path: '^/b/(?P<id>[0-9]+'\n    body: x\n"));
    }

    [Theory]
    [InlineData("status: 700", "'700' is not a status code (100-599)")]
    [InlineData("status: 99", "'99' is not a status code (100-599)")]
    [InlineData("status: ok", "'ok' is not a status code (100-599)")]
    public void StatusOutsideRange(string line, string message)
    {
        Assert.Equal([$"tremolo.yaml:4:13: {message}"], _folder.Errors($"routes:\n  - path: /a\n    body: x\n    {line}\n"));
    }

    [Theory]
    [InlineData(399)]
    [InlineData(512)]
    public void ErrorPageCodeOutsideRange(int code)
    {
        Assert.Equal([$"tremolo.yaml:2:3: '{code}' is not an error page code (400-511)"], _folder.Errors($"errors:\n  {code}: {{body: x}}\n"));
    }

    [Fact]
    public void RaisedErrorCodeOutsideRange()
    {
        Assert.Equal(["tremolo.yaml:3:12: '302' is not an error code (400-599)"], _folder.Errors("routes:\n  - path: /a\n    error: 302\n"));
    }

    [Fact]
    public void RedirectCodeMustBeARedirect()
    {
        Assert.Equal(
            ["tremolo.yaml:3:36: '200' is not a redirect code (300-399)"],
            _folder.Errors("routes:\n  - path: /a\n    redirect: {location: /b, code: 200}\n"));
    }

    [Theory]
    [InlineData("file: missing.txt", "file 'missing.txt' does not exist")]
    [InlineData("directory: public", "directory 'public' does not exist")]
    [InlineData("template_file: page.html", "template_file 'page.html' does not exist")]
    public void NamedFilesMustExist(string line, string message)
    {
        var column = line.IndexOf(':') + 7;
        Assert.Equal([$"tremolo.yaml:3:{column}: {message}"], _folder.Errors($"routes:\n  - path: /a\n    {line}\n"));
    }

    [Fact]
    public void NamedFilesAreRelativeToTheYamlFolderAndStoredAbsolute()
    {
        _folder.Write("site/files/a.txt", "a");
        _folder.Write("site/public/index.html", "i");
        _folder.Write("site/tremolo.yaml", "routes:\n  - path: /a\n    file: files/a.txt\n  - path: '^/p/'\n    directory: public\n");
        var result = _folder.Load("site/tremolo.yaml");
        Assert.Empty(result.Errors);
        var routes = result.Document!.App.Routes;
        Assert.Equal(Path.Combine(_folder.Root, "site", "files", "a.txt"), Assert.IsType<Tremolo.Config.Model.FileBody>(routes[0].Response!.Body).FullPath);
        Assert.Equal(Path.Combine(_folder.Root, "site", "public"), Assert.IsType<Tremolo.Config.Model.DirectoryBody>(routes[1].Response!.Body).FullPath);
    }

    [Fact]
    public void IncludeMustExist()
    {
        Assert.Equal(["tremolo.yaml:2:31: include 'admin.yaml' does not exist"], _folder.Errors("mount:\n  - {prefix: /admin, include: admin.yaml}\n"));
    }

    [Fact]
    public void IncludeCycleIsReportedWhereItCloses()
    {
        _folder.Write("sub/a.yaml", "mount:\n  - {prefix: /b, include: b.yaml}\n");
        _folder.Write("sub/b.yaml", "mount:\n  - {prefix: /a, include: a.yaml}\n");
        Assert.Equal(
            ["sub/b.yaml:2:27: include cycle: sub/a.yaml -> sub/b.yaml -> sub/a.yaml"],
            _folder.Errors("mount:\n  - {prefix: /a, include: sub/a.yaml}\n"));
    }

    [Fact]
    public void ErrorsInAnIncludedFileNameThatFile()
    {
        _folder.Write("admin/admin.yaml", "routes:\n  - path: /\n    bdoy: x\n");
        Assert.Equal(
            ["admin/admin.yaml:3:5: unknown key 'bdoy'; did you mean 'body'?", "admin/admin.yaml:2:5: route '/' has nothing to serve: add a body form (" + BodyForms + "), methods, websocket or sse"],
            _folder.Errors("mount:\n  - {prefix: /admin, include: admin/admin.yaml}\n").OrderByDescending(e => e).ToArray());
    }

    [Fact]
    public void DuplicateMountPrefix()
    {
        Assert.Equal(
            ["tremolo.yaml:3:14: duplicate mount prefix '/api/' (already mounted at tremolo.yaml:2:14)"],
            _folder.Errors("mount:\n  - {prefix: /api, app: {routes: [{path: /a, body: a}]}}\n  - {prefix: /api/, app: {routes: [{path: /b, body: b}]}}\n"));
    }

    [Fact]
    public void MountPrefixMustStartWithASlash()
    {
        Assert.Equal(
            ["tremolo.yaml:2:14: mount prefix 'api' must start with '/' (and be at most 255 characters)"],
            _folder.Errors("mount:\n  - {prefix: api, app: {routes: [{path: /a, body: a}]}}\n"));
    }

    [Fact]
    public void WebSocketModeMustBeEchoOrBroadcast()
    {
        Assert.Equal(
            ["tremolo.yaml:3:23: websocket mode 'chat' is not one of: echo, broadcast"],
            _folder.Errors("routes:\n  - path: /ws\n    websocket: {mode: chat}\n"));
    }

    [Fact]
    public void WebSocketOriginsAreCheckedAtTheirPlace()
    {
        Assert.Equal(
            ["tremolo.yaml:3:49: websocket origin 'chat.example.com' is not scheme://host[:port] (the scheme must be http or https)"],
            _folder.Errors("routes:\n  - path: /ws\n    websocket: {origins: [\"https://ok.example\", chat.example.com]}\n"));
    }

    [Fact]
    public void ErrorPagesOfAMountedAppAreAnError()
    {
        Assert.Equal(
            ["tremolo.yaml:5:7: 'errors' has no effect in a mounted app: Tremolo ignores a sub-app's error pages and the root app's pages apply; move them to the root config"],
            _folder.Errors("mount:\n  - prefix: /sub\n    app:\n      routes: [{path: /a, body: a}]\n      errors:\n        404: {body: gone}\n"));
    }

    [Fact]
    public void YamlSyntaxErrorHasItsPosition()
    {
        var errors = _folder.Errors("routes:\n  - path: /a\n    body: [x\n");
        Assert.Single(errors);
        Assert.StartsWith("tremolo.yaml:4:1: YAML syntax error: ", errors[0]);
    }

    [Fact]
    public void EmptyErrorPageIsReported()
    {
        Assert.Equal(
            [$"tremolo.yaml:2:8: empty RESPONSE for error page 404: it needs a body form ({SharedBodyForms})"],
            _folder.Errors("errors:\n  404: {}\n"));
    }

    [Fact]
    public void HeaderNamesMustBeTokens()
    {
        Assert.Equal(
            ["tremolo.yaml:4:15: 'X Bad' is not a valid header name"],
            _folder.Errors("routes:\n  - path: /a\n    body: x\n    headers: {X Bad: v}\n"));
    }

    [Fact]
    public void HeaderListItemsArePairs()
    {
        Assert.Equal(
            ["tremolo.yaml:4:15: a header in a list must be a [name, value] pair"],
            _folder.Errors("routes:\n  - path: /a\n    body: x\n    headers: [[X-A]]\n"));
    }

    [Fact]
    public void CookieNeedsANameAndAValue()
    {
        Assert.Equal(
            ["tremolo.yaml:4:15: a cookie needs a 'name'", "tremolo.yaml:4:15: a cookie needs a 'value'", "tremolo.yaml:4:16: unknown key 'vale'; did you mean 'value'?"],
            _folder.Errors("routes:\n  - path: /a\n    body: x\n    cookies: [{vale: v}]\n"));
    }

    [Fact]
    public void SseNeedsEventsOrAChannel()
    {
        Assert.Equal(["tremolo.yaml:3:10: sse needs 'events' or a 'channel'"], _folder.Errors("routes:\n  - path: /s\n    sse: {}\n"));
    }

    [Fact]
    public void SseEventNeedsData()
    {
        Assert.Equal(["tremolo.yaml:3:20: an event needs 'data'"], _folder.Errors("routes:\n  - path: /s\n    sse: {events: [{event: x}]}\n"));
    }

    [Fact]
    public void MountNeedsAnAppOrAnInclude()
    {
        Assert.Equal(
            ["tremolo.yaml:2:5: a mount needs an 'app' or an 'include'", "tremolo.yaml:3:5: a mount has either 'app' or 'include', not both"],
            _folder.Errors("mount:\n  - {prefix: /a}\n  - {prefix: /b, app: {routes: []}, include: x.yaml}\n").Where(e => !e.Contains("does not exist")));
    }

    [Fact]
    public void ListenerNeedsAPortOrASocket()
    {
        Assert.Equal(
            ["tremolo.yaml:2:5: a listener needs a 'port' or a 'unix' socket path", "tremolo.yaml:3:5: a listener has either a 'port' or a 'unix' socket path, not both"],
            _folder.Errors("listen:\n  - {request_timeout: 1}\n  - {port: 8001, unix: a.sock}\n"));
    }

    [Fact]
    public void ServerOptionsInAnIncludedAppAreAnError()
    {
        _folder.Write("sub.yaml", "server: {port: 1}\nroutes: [{path: /, body: x}]\n");
        Assert.Equal(
            ["sub.yaml:1:1: 'server' has no effect in a mounted app: server options and listeners come from the root config"],
            _folder.Errors("mount:\n  - {prefix: /s, include: sub.yaml}\n"));
    }

    [Fact]
    public void MissingConfigFile()
    {
        Assert.Equal(["nothere.yaml: config file does not exist"], _folder.Load("nothere.yaml").Errors.Select(e => e.ToString()));
    }
}
