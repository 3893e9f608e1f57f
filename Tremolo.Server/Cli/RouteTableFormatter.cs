using System.Text;
using Tremolo.Config.Model;
using Tremolo.Config.Routing;

namespace Tremolo.Server.Cli;

/// <summary>Prints a route table: one line per route with its methods, resolved pattern and what it serves.</summary>
internal static class RouteTableFormatter
{
    public static string Format(RouteTable table)
    {
        var rows = table.Routes.Select(r => (Methods: Methods(r.Route), r.Display, Kind: Kind(r.Route))).ToList();
        if (!table.Routes.Any(r => r.PlainPath == ""))
        {
            // The root app's built-in index (Tremolo registers it first): '/' answers 503 until the app defines '/'.
            rows.Insert(0, ("*", "/", "index(503)"));
        }

        var methodsWidth = rows.Select(r => r.Methods.Length).Append("METHODS".Length).Max();
        var patternWidth = rows.Select(r => r.Display.Length).Append("PATTERN".Length).Max();
        var text = new StringBuilder();
        text.Append("METHODS".PadRight(methodsWidth)).Append("  ").Append("PATTERN".PadRight(patternWidth)).Append("  SERVES\n");
        foreach (var (methods, display, kind) in rows)
        {
            text.Append(methods.PadRight(methodsWidth)).Append("  ").Append(display.PadRight(patternWidth)).Append("  ").Append(kind).Append('\n');
        }

        return text.ToString();
    }

    private static string Methods(RouteModel route) =>
        route.Methods.Count == 0 ? "*" : string.Join(',', route.Methods.Keys.Select(m => m.ToUpperInvariant()));

    private static string Kind(RouteModel route)
    {
        var parts = new List<string>();
        if (route.IsBuiltinIndex)
        {
            parts.Add("index(503)");
        }
        else if (route.Methods.Count > 0)
        {
            parts.AddRange(route.Methods.Select(m => $"{m.Key.ToUpperInvariant()}={BodyKind(m.Value.Body)}"));
        }
        else if (route.Response?.Body is { } body)
        {
            parts.Add(BodyKind(body));
        }

        if (route.WebSocket is { } websocket)
        {
            parts.Add($"websocket({websocket.Mode.ToString().ToLowerInvariant()})");
        }

        if (route.Sse is not null)
        {
            parts.Add("sse");
        }

        return string.Join(' ', parts);
    }

    private static string BodyKind(BodyForm? body) => body switch
    {
        LiteralBody => "body",
        TemplateBody { File: null } => "template",
        TemplateBody => "template_file",
        FileBody => "file",
        DirectoryBody => "directory",
        RedirectBody redirect => $"redirect({redirect.Code})",
        ErrorBody error => $"error({error.Code})",
        CloseBody => "close",
        HealthBody => "health",
        MetricsBody => "metrics",
        PublishBody publish => $"publish({publish.Channel.Source})",
        _ => "-",
    };
}
