using Tremolo.Config.Model;
using Tremolo.Server.Hosting;
using Tremolo.SpecTests.Support;

namespace Tremolo.SpecTests.Engine;

/// <summary>The engine driven from a model built in code (no YAML), over a real socket.</summary>
public class EngineSmokeTests
{
    private static AppDocument HelloApp()
    {
        var location = new SourceLocation("test.yaml", 1, 1);
        var hello = new ResponseModel(new LiteralBody("Hello world!"), null, null, null, [], [], location);
        var route = new RouteModel("/hello", null, hello, new Dictionary<string, ResponseModel>(), null, null, HandlerOptions.Default, location);
        var app = new AppModel(MiddlewareModel.Empty, new Dictionary<int, ResponseModel>(), [route], [], location);
        return new AppDocument("test.yaml", new ServerOptions { Port = 0 }, [], app, []);
    }

    [Fact]
    public async Task Handlers_ReturnString_IsChunkedOnHttp11()
    {
        await using var host = await TremoloHost.StartAsync(HelloApp(), TextWriter.Null);
        using var client = await RawHttpClient.ConnectAsync(InProcessEngine.PortOf(host));
        await client.SendAsync("GET /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.0\r\n\r\n");

        var text = await client.ReadToCloseAsync();
        Assert.StartsWith("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\nDate: ", text);
        Assert.Contains("\r\nServer: Tremolo\r\n\r\nC\r\nHello world!\r\n0\r\n\r\nHTTP/1.0 404 Not Found\r\n", text);
        Assert.EndsWith("<address title=\"Powered by Tremolo\">Tremolo</address></body></html>", text);
    }
}
