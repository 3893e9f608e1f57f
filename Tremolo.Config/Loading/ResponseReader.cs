using Tremolo.Config.Model;
using Tremolo.Templates;
using YamlDotNet.RepresentationModel;
using Tremolo.Shared;

namespace Tremolo.Config.Loading;

/// <summary>Reads the RESPONSE keys of a route, method, rule or error page: one body form and decorations.</summary>
internal static class ResponseReader
{
    public static readonly string[] BodyKeys = ["body", "template", "template_file", "file", "directory", "redirect", "error", "close", "health", "metrics", "publish"];

    public static readonly string[] DecorationKeys = ["status", "message", "content_type", "headers", "cookies"];

    public static readonly string[] Keys = [.. BodyKeys, .. DecorationKeys];

    public static readonly string BodyKeyList = string.Join(", ", BodyKeys);

    /// <summary>Body forms a rule or an error page may use: all but the route-only `publish`.</summary>
    public static readonly string SharedBodyKeyList = string.Join(", ", BodyKeys.Where(k => k != RouteOnlyKey));

    private const string RouteOnlyKey = "publish";

    private static readonly string[] RedirectKeys = ["location", "code"];
    private static readonly string[] ErrorKeys = ["code", "message", "body", "content_type"];
    private static readonly string[] PublishKeys = ["channel", "message"];
    private static readonly string[] CookieKeys = ["name", "value", "expires", "path", "domain", "secure", "httponly", "samesite"];

    /// <summary>True when the entries name a body form (even one that failed to load).</summary>
    public static bool HasBodyForm(IEnumerable<Entry> entries) => entries.Any(e => BodyKeys.Contains(e.Key));

    /// <summary>The response made of <paramref name="entries"/> (RESPONSE keys only), or null when there are none.</summary>
    public static ResponseModel? Read(NodeReader reader, IReadOnlyList<Entry> entries, SourceLocation location)
    {
        if (entries.Count == 0)
        {
            return null;
        }

        var usage = new UsageCollector();
        BodyForm? body = null;
        string? bodyKey = null;
        int? status = null;
        string? message = null;
        string? contentType = null;
        IReadOnlyList<HeaderModel> headers = [];
        IReadOnlyList<CookieModel> cookies = [];
        foreach (var entry in entries)
        {
            switch (entry.Key)
            {
                case "status":
                    status = reader.Ranged(entry.Value, "'status'", "a status code", 100, 599);
                    break;
                case "message":
                    message = reader.Text(entry.Value, "'message'");
                    break;
                case "content_type":
                    contentType = reader.Text(entry.Value, "'content_type'");
                    break;
                case "headers":
                    headers = ReadHeaders(reader, entry.Value, usage);
                    break;
                case "cookies":
                    cookies = ReadCookies(reader, entry.Value, usage);
                    break;
                default:
                    var form = ReadBody(reader, entry, usage);
                    if (bodyKey is not null)
                    {
                        reader.Error(entry.KeyNode, $"two body forms in one RESPONSE: '{bodyKey}' and '{entry.Key}'; keep one");
                        break;
                    }

                    bodyKey = entry.Key;
                    body = form;
                    break;
            }
        }

        return new ResponseModel(body, status, message, contentType, headers, cookies, location) { Usage = usage.Usage };
    }

    /// <summary>`publish` answers a route's request only: a rule or an error page would publish as a side effect of another answer.</summary>
    public static void RefuseRouteOnly(NodeReader reader, IEnumerable<Entry> entries, string what)
    {
        foreach (var entry in entries.Where(e => e.Key == RouteOnlyKey))
        {
            reader.Error(entry.KeyNode, $"'publish' is a route's body form; {what} cannot publish (give the route, or one of its methods, 'publish:')");
        }
    }

    private static BodyForm? ReadBody(NodeReader reader, Entry entry, UsageCollector usage)
    {
        var node = entry.Value;
        switch (entry.Key)
        {
            case "body":
                return reader.Text(node, "'body'") is { } text ? new LiteralBody(text) : null;
            case "template":
                return usage.Add(TemplateReader.Template(reader, node, "'template'")) is { } template ? new TemplateBody(template, null) : null;
            case "template_file":
                var file = TemplateReader.TemplateFile(reader, node);
                usage.Add(file?.Template);
                return file;
            case "file":
                return ExistingPath(reader, node, "file", File.Exists) is { } path ? new FileBody(path) : null;
            case "directory":
                return ExistingPath(reader, node, "directory", Directory.Exists) is { } folder ? new DirectoryBody(folder) : null;
            case "redirect":
                return ReadRedirect(reader, node, usage);
            case "error":
                return ReadError(reader, node, usage);
            case "health":
                return OnlyTrue(reader, node, "health") ? new HealthBody() : null;
            case "metrics":
                return OnlyTrue(reader, node, "metrics") ? new MetricsBody() : null;
            case "publish":
                return ReadPublish(reader, node, usage);
            default:
                OnlyTrue(reader, node, "close");
                return new CloseBody();
        }
    }

    /// <summary>A body form that is a switch: true, or an error at the value.</summary>
    private static bool OnlyTrue(NodeReader reader, YamlNode node, string key)
    {
        var value = reader.Boolean(node, $"'{key}'");
        if (value is false)
        {
            reader.Error(node, $"'{key}' can only be true (leave it out to answer normally)");
        }

        return value is true;
    }

    private static string? ExistingPath(NodeReader reader, YamlNode node, string key, Func<string, bool> exists)
    {
        if (reader.Text(node, $"'{key}'") is not { } relative)
        {
            return null;
        }

        var full = reader.File.Resolve(relative);
        if (relative.Length > 0 && exists(full))
        {
            // A FIFO or device served as a file would hang or never end each request.
            if (key == "file" && RegularFile.Problem(full, long.MaxValue) is { } problem)
            {
                reader.Error(node, $"file '{relative}' {problem}");
                return null;
            }

            return full;
        }

        reader.Error(node, $"{key} '{relative}' does not exist");
        return null;
    }

    private static RedirectBody? ReadRedirect(NodeReader reader, YamlNode node, UsageCollector usage)
    {
        if (node is YamlScalarNode)
        {
            return usage.Add(TemplateReader.Template(reader, node, "'redirect'")) is { } target ? new RedirectBody(target, 302) : null;
        }

        CompiledTemplate? location = null;
        var code = 302;
        foreach (var entry in reader.Entries(node, "redirect", RedirectKeys))
        {
            if (entry.Key == "location")
            {
                location = usage.Add(TemplateReader.Template(reader, entry.Value, "'location'"));
            }
            else
            {
                code = reader.Ranged(entry.Value, "'code'", "a redirect code", 300, 399) ?? code;
            }
        }

        if (location is null && node is YamlMappingNode mapping && !NodeReader.HasKey(mapping, "location"))
        {
            reader.Error(node, "redirect needs a 'location'");
        }

        return location is null ? null : new RedirectBody(location, code);
    }

    private static PublishBody? ReadPublish(NodeReader reader, YamlNode node, UsageCollector usage)
    {
        CompiledTemplate? channel = null;
        CompiledTemplate? message = null;
        foreach (var entry in reader.Entries(node, "publish", PublishKeys))
        {
            if (entry.Key == "channel")
            {
                channel = usage.Add(TemplateReader.Template(reader, entry.Value, "'channel'"));
            }
            else
            {
                message = usage.Add(TemplateReader.Template(reader, entry.Value, "'message'"));
            }
        }

        var mapping = node as YamlMappingNode;
        if (mapping is null ? node is YamlScalarNode { Value: null or "" } : !NodeReader.HasKey(mapping, "channel"))
        {
            reader.Error(node, "publish needs a 'channel' (a template naming the channel): publish: {channel: \"room-{{ params.room }}\"}");
        }
        else if (mapping is not null && !NodeReader.HasKey(mapping, "message"))
        {
            // The default message is the request body itself.
            usage.Add(TemplateUsage.Body);
        }

        return channel is null ? null : new PublishBody(channel, message);
    }

    private static ErrorBody? ReadError(NodeReader reader, YamlNode node, UsageCollector usage)
    {
        const int Min = 400, Max = 599;
        if (node is YamlScalarNode)
        {
            return reader.Ranged(node, "'error'", "an error code", Min, Max) is { } only ? new ErrorBody(only, null, null, null) : null;
        }

        int? code = null;
        string? message = null;
        string? contentType = null;
        CompiledTemplate? text = null;
        foreach (var entry in reader.Entries(node, "error", ErrorKeys))
        {
            switch (entry.Key)
            {
                case "code":
                    code = reader.Ranged(entry.Value, "'code'", "an error code", Min, Max);
                    break;
                case "message":
                    message = reader.Text(entry.Value, "'message'");
                    break;
                case "content_type":
                    contentType = reader.Text(entry.Value, "'content_type'");
                    break;
                default:
                    text = usage.Add(TemplateReader.Template(reader, entry.Value, "'body'"));
                    break;
            }
        }

        if (node is YamlMappingNode mapping && !NodeReader.HasKey(mapping, "code"))
        {
            reader.Error(node, "error needs a 'code'");
        }

        return code is { } value ? new ErrorBody(value, message, text, contentType) : null;
    }

    /// <summary>A map (set_header) or a list of [name, value] pairs (append_header, for repeats).</summary>
    private static List<HeaderModel> ReadHeaders(NodeReader reader, YamlNode node, UsageCollector usage)
    {
        var headers = new List<HeaderModel>();
        if (node is YamlMappingNode mapping)
        {
            foreach (var (name, value) in mapping.Children)
            {
                AddHeader(reader, headers, name, value, append: false, usage);
            }
        }
        else
        {
            foreach (var item in reader.Items(node, "'headers'"))
            {
                if (item is YamlSequenceNode { Children.Count: 2 } pair)
                {
                    AddHeader(reader, headers, pair.Children[0], pair.Children[1], append: true, usage);
                }
                else
                {
                    reader.Error(item, "a header in a list must be a [name, value] pair");
                }
            }
        }

        return headers;
    }

    private static void AddHeader(NodeReader reader, List<HeaderModel> headers, YamlNode nameNode, YamlNode valueNode, bool append, UsageCollector usage)
    {
        var name = reader.Text(nameNode, "a header name");
        if (name is not null && !HttpToken.IsToken(name))
        {
            reader.Error(nameNode, $"'{name}' is not a valid header name");
            name = null;
        }

        var value = usage.Add(TemplateReader.Template(reader, valueNode, $"header '{name}'"));
        if (name is not null && value is not null)
        {
            headers.Add(new HeaderModel(name, value, append));
        }
    }

    private static List<CookieModel> ReadCookies(NodeReader reader, YamlNode node, UsageCollector usage)
    {
        var cookies = new List<CookieModel>();
        foreach (var item in reader.Items(node, "'cookies'"))
        {
            var entries = reader.Entries(item, "a cookie", CookieKeys);
            var name = entries.Where(e => e.Key == "name").Select(e => reader.Text(e.Value, "'name'")).FirstOrDefault();
            var value = entries.Where(e => e.Key == "value").Select(e => usage.Add(TemplateReader.Template(reader, e.Value, "'value'"))).FirstOrDefault();
            foreach (var required in new[] { "name", "value" })
            {
                if (item is YamlMappingNode mapping && !NodeReader.HasKey(mapping, required))
                {
                    reader.Error(item, $"a cookie needs a '{required}'");
                }
            }

            if (name is not { Length: > 0 } || value is null)
            {
                continue;
            }

            var cookie = new CookieModel(name, value);
            foreach (var entry in entries)
            {
                var option = entry.Value;
                cookie = entry.Key switch
                {
                    "expires" => cookie with { Expires = reader.Long(option, "'expires'", Options.OptionKind.Size) ?? 0 },
                    "path" => cookie with { Path = reader.Text(option, "'path'") ?? "/" },
                    "domain" => cookie with { Domain = reader.Text(option, "'domain'") },
                    "secure" => cookie with { Secure = reader.Boolean(option, "'secure'") ?? false },
                    "httponly" => cookie with { HttpOnly = reader.Boolean(option, "'httponly'") ?? false },
                    "samesite" => cookie with { SameSite = SameSite(reader, option) },
                    _ => cookie,
                };
            }

            cookies.Add(cookie);
        }

        return cookies;
    }

    private static string? SameSite(NodeReader reader, YamlNode node)
    {
        var text = reader.Text(node, "'samesite'");
        if (text is null or "Strict" or "Lax" or "None")
        {
            return text;
        }

        reader.Error(node, $"'{text}' is not a SameSite value (expected Strict, Lax or None)");
        return null;
    }

    /// <summary>ORs the usage of every template a response renders.</summary>
    private sealed class UsageCollector
    {
        public TemplateUsage Usage { get; private set; }

        public void Add(TemplateUsage usage) => Usage |= usage;

        public CompiledTemplate? Add(CompiledTemplate? template)
        {
            if (template is not null)
            {
                Usage |= template.Usage;
            }

            return template;
        }
    }
}
