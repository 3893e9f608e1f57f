// Benchmark peer: the same four endpoints as bench/bench.yaml on ASP.NET Core minimal APIs.
using System.Net;
using System.Net.WebSockets;
using Tremolo.Bench.KestrelPeer;

var port = args.Length > 0 ? int.Parse(args[0]) : 8081;
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
builder.Services.AddSingleton<BroadcastRoom>();
var app = builder.Build();
app.UseWebSockets();

app.MapGet("/hello", () => Results.Text("Hello World!", "text/plain"));
app.MapGet("/slow", () => Results.Text(SlowWork()));
app.Map("/ws", async context =>
{
    if (!context.WebSockets.IsWebSocketRequest) { context.Response.StatusCode = 404; return; }
    using var socket = await context.WebSockets.AcceptWebSocketAsync();
    await Echo.RunAsync(socket, context.RequestAborted);
});
app.Map("/room", async context =>
{
    if (!context.WebSockets.IsWebSocketRequest) { context.Response.StatusCode = 404; return; }
    using var socket = await context.WebSockets.AcceptWebSocketAsync();
    await context.RequestServices.GetRequiredService<BroadcastRoom>().JoinAsync(socket, context.RequestAborted);
});

Console.WriteLine($"kestrel peer on http://127.0.0.1:{port}");
await app.RunAsync();

// The fairness load's slow route, as in bench.yaml: 100 rounds of upper- then lower-casing 100,000 characters.
static string SlowWork()
{
    var s = new string('x', 100_000);
    for (var i = 0; i < 100; i++) s = s.ToUpperInvariant().ToLowerInvariant();
    return s.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
