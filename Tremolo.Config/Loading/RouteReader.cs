using Tremolo.Config.Model;
using Tremolo.Config.Options;
using Tremolo.Config.Patterns;
using YamlDotNet.RepresentationModel;

namespace Tremolo.Config.Loading;

/// <summary>Reads a ROUTE: its path (plain or regex), RESPONSE or methods, websocket, sse and handler options.</summary>
internal static class RouteReader
{
    private static readonly string[] OwnKeys = ["path", "methods", "websocket", "sse", "chunked", "stream", "rate", "buffer_size"];
    private static readonly string[] Keys = [.. OwnKeys, .. ResponseReader.Keys];
    private static readonly string[] MethodNames = ["get", "head", "post", "put", "delete", "connect", "options", "trace", "patch"];

    public static RouteModel? Read(NodeReader reader, YamlNode node, bool mounted)
    {
        if (node is not YamlMappingNode mapping)
        {
            reader.Error(node, "a route must be a mapping with a 'path'");
            return null;
        }

        var entries = reader.Entries(node, "a route", Keys);
        var location = reader.File.At(node);
        string? path = null;
        string? pattern = null;
        var methods = new Dictionary<string, ResponseModel>(StringComparer.Ordinal);
        YamlNode? methodsNode = null;
        WebSocketModel? websocket = null;
        SseModel? sse = null;
        var options = HandlerOptions.Default;
        foreach (var entry in entries)
        {
            var value = entry.Value;
            switch (entry.Key)
            {
                case "path":
                    path = reader.Text(value, "'path'");
                    pattern = path is null ? null : Pattern(reader, value, path, mounted);
                    break;
                case "methods":
                    methodsNode = entry.KeyNode;
                    ReadMethods(reader, value, methods);
                    break;
                case "websocket":
                    websocket = WebSocketReader.Read(reader, value);
                    break;
                case "sse":
                    sse = SseReader.Read(reader, value);
                    break;
                case "chunked":
                    options = options with { Chunked = reader.Boolean(value, "'chunked'") };
                    break;
                case "stream":
                    options = options with { Stream = reader.Boolean(value, "'stream'") ?? true };
                    break;
                case "rate":
                    options = options with { Rate = reader.Long(value, "'rate'", OptionKind.Rate) };
                    break;
                case "buffer_size":
                    options = options with { BufferSize = reader.Integer(value, "'buffer_size'", OptionKind.Count) };
                    break;
            }
        }

        var response = ResponseReader.Read(reader, [.. entries.Where(e => ResponseReader.Keys.Contains(e.Key))], location);
        if (path is null)
        {
            if (!NodeReader.HasKey(mapping, "path"))
            {
                reader.Error(node, "a route needs a 'path'");
            }

            return null;
        }

        if (response is null && methods.Count == 0 && methodsNode is null && websocket is null && sse is null)
        {
            reader.Error(node, $"route '{path}' has nothing to serve: add a body form ({ResponseReader.BodyKeyList}), methods, websocket or sse");
        }
        else if (response is not null && methodsNode is not null)
        {
            if (ResponseReader.HasBodyForm(entries))
            {
                reader.Error(methodsNode, "a route has either a body form or methods, not both: put the body form under each method (decorations such as headers beside methods are the default of every method)");
            }
            else
            {
                foreach (var (method, own) in methods)
                {
                    methods[method] = WithDefaults(own, response);
                }

                // A stream still takes the route's decorations (see below); a plain route has only its methods.
                if (websocket is null && sse is null)
                {
                    response = null;
                }
            }
        }
        else if (response is not null && !ResponseReader.HasBodyForm(entries) && websocket is null && sse is null && methodsNode is null)
        {
            reader.Error(node, $"the RESPONSE of route '{path}' has no body form (one of: {ResponseReader.BodyKeyList})");
        }

        return new RouteModel(path, pattern, response, methods, websocket, sse, options, location);
    }

    /// <summary>
    /// A method's RESPONSE with the route's decorations as defaults: status, message and
    /// content_type where the method has none; the route's headers and cookies first, so the
    /// method's own set after them and win.
    /// </summary>
    private static ResponseModel WithDefaults(ResponseModel own, ResponseModel route) =>
        own with
        {
            Status = own.Status ?? route.Status,
            Message = own.Message ?? route.Message,
            ContentType = own.ContentType ?? route.ContentType,
            Headers = [.. route.Headers, .. own.Headers],
            Cookies = [.. route.Cookies, .. own.Cookies],
            Usage = own.Usage | route.Usage,
        };

    /// <summary>The .NET pattern of a regex path (null for a plain path), checked to compile.</summary>
    private static string? Pattern(NodeReader reader, YamlNode node, string path, bool mounted)
    {
        if (RoutePattern.IsRegex(path))
        {
            var pattern = PythonRegex.ToDotNet(RoutePattern.OfRegex(path));
            if (PythonRegex.Check(pattern) is { } problem)
            {
                reader.Error(node, $"invalid regex '{path}': {problem}");
            }
            else if (RoutePattern.NeedsBacktracking(pattern))
            {
                reader.Warn(node, $"regex '{path}' needs backtracking (backreference, lookaround, atomic group or conditional): "
                    + $"it cannot match in linear time, so a match running past {RoutePattern.MatchTimeout.TotalMilliseconds} ms answers 500");
            }

            return pattern;
        }

        // Tremolo turns a mounted app's plain paths into regexes without escaping them.
        if (mounted && PythonRegex.Check(PythonRegex.ToDotNet(RoutePattern.OfPlain(RoutePattern.PlainKey(path)))) is { } mountProblem)
        {
            reader.Error(node, $"path '{path}' is not a valid regex, which it becomes in a mounted app: {mountProblem}");
        }

        return null;
    }

    private static void ReadMethods(NodeReader reader, YamlNode node, Dictionary<string, ResponseModel> methods)
    {
        foreach (var entry in reader.Entries(node, "methods", MethodNames))
        {
            var responseEntries = reader.Entries(entry.Value, $"method '{entry.Key}'", ResponseReader.Keys);
            var response = ResponseReader.Read(reader, responseEntries, reader.File.At(entry.Value));
            if (response is null)
            {
                reader.Error(entry.Value is YamlMappingNode ? entry.Value : entry.KeyNode,
                    $"empty RESPONSE for method '{entry.Key}': it needs a body form ({ResponseReader.BodyKeyList})");
            }
            else if (!ResponseReader.HasBodyForm(responseEntries))
            {
                reader.Error(entry.KeyNode, $"the RESPONSE of method '{entry.Key}' has no body form (one of: {ResponseReader.BodyKeyList})");
            }
            else if (response.Body is not null)
            {
                methods[entry.Key] = response;
            }
        }
    }
}
