using Tremolo.Config.Model;
using Tremolo.Config.Patterns;
using YamlDotNet.RepresentationModel;

namespace Tremolo.Config.Loading;

/// <summary>Reads an app: middleware, error pages, routes and mounts (the root document adds server and listen).</summary>
internal static class AppReader
{
    public static readonly string[] RootKeys = ["server", "listen", "middleware", "errors", "routes", "mount"];

    private static readonly string[] MiddlewareKeys = ["request", "response"];
    private static readonly string[] RuleKeys = ["when", .. ResponseReader.Keys];

    /// <summary>The app of <paramref name="entries"/>; server and listen are the caller's.</summary>
    public static AppModel Read(NodeReader reader, YamlNode node, IReadOnlyList<Entry> entries, bool mounted)
    {
        var middleware = MiddlewareModel.Empty;
        IReadOnlyDictionary<int, ResponseModel> errors = new Dictionary<int, ResponseModel>();
        var routes = new List<RouteModel>();
        var mounts = new List<MountModel>();
        foreach (var entry in entries)
        {
            switch (entry.Key)
            {
                case "middleware":
                    middleware = ReadMiddleware(reader, entry.Value);
                    break;
                case "errors":
                    if (mounted)
                    {
                        reader.Error(entry.KeyNode, "'errors' has no effect in a mounted app: Tremolo ignores a sub-app's error pages and the root app's pages apply; move them to the root config");
                    }

                    errors = ReadErrors(reader, entry.Value);
                    break;
                case "routes":
                    foreach (var item in reader.Items(entry.Value, "'routes'"))
                    {
                        if (RouteReader.Read(reader, item, mounted) is { } route)
                        {
                            routes.Add(route);
                        }
                    }

                    break;
                case "mount":
                    MountReader.ReadAll(reader, entry.Value, mounts);
                    break;
                case "server" or "listen" when mounted:
                    reader.Error(entry.KeyNode, $"'{entry.Key}' has no effect in a mounted app: server options and listeners come from the root config");
                    break;
            }
        }

        WarnAboutRepeatedPaths(reader, routes);
        return new AppModel(middleware, errors, routes, mounts, reader.File.At(node));
    }

    /// <summary>`methods:` routes that answer different methods split one path on purpose.</summary>
    private static bool DisjointMethods(RouteModel a, RouteModel b) =>
        a.Methods.Count > 0 && b.Methods.Count > 0 && !a.Methods.Keys.Intersect(b.Methods.Keys).Any();

    /// <summary>
    /// Two routes of one app with the same path are legal (Tremolo tries the later one first,
    /// and a `methods:` route without the method lets the search go on) but mostly a slip.
    /// </summary>
    private static void WarnAboutRepeatedPaths(NodeReader reader, List<RouteModel> routes)
    {
        var seen = new Dictionary<string, RouteModel>(StringComparer.Ordinal);
        foreach (var route in routes)
        {
            var key = route.Pattern ?? "/" + RoutePattern.PlainKey(route.Path);
            if (!seen.TryAdd(key, route) && seen[key] is var first && !DisjointMethods(first, route))
            {
                reader.Session.Diagnostics.Warn(route.Location, $"route path '{route.Path}' is also the path of the route at line {first.Location.Line}; the later route is tried first");
            }
        }
    }

    private static MiddlewareModel ReadMiddleware(NodeReader reader, YamlNode node)
    {
        IReadOnlyList<RuleModel> request = [];
        IReadOnlyList<RuleModel> response = [];
        foreach (var entry in reader.Entries(node, "middleware", MiddlewareKeys))
        {
            var rules = reader.Items(entry.Value, $"'{entry.Key}'").Select(item => ReadRule(reader, item)).OfType<RuleModel>().ToList();
            if (entry.Key == "request")
            {
                request = rules;
            }
            else
            {
                response = rules;
            }
        }

        return new MiddlewareModel(request, response);
    }

    private static RuleModel? ReadRule(NodeReader reader, YamlNode node)
    {
        if (node is not YamlMappingNode)
        {
            reader.Error(node, "a rule must be a mapping");
            return null;
        }

        var entries = reader.Entries(node, "a rule", RuleKeys);
        var when = entries.FirstOrDefault(e => e.Key == "when") is { KeyNode: not null } condition
            ? TemplateReader.Condition(reader, condition.Value)
            : null;
        var location = reader.File.At(node);
        var response = ResponseReader.Read(reader, [.. entries.Where(e => e.Key != "when")], location);
        if (response is null)
        {
            if (entries.Count == ((YamlMappingNode)node).Children.Count)
            {
                reader.Error(node, $"empty rule: it needs a body form ({ResponseReader.SharedBodyKeyList}) or a decoration ({string.Join(", ", ResponseReader.DecorationKeys)})");
            }

            return null;
        }

        ResponseReader.RefuseRouteOnly(reader, entries, "a rule");
        return new RuleModel(when, response, location);
    }

    private static Dictionary<int, ResponseModel> ReadErrors(NodeReader reader, YamlNode node)
    {
        var pages = new Dictionary<int, ResponseModel>();
        if (reader.Mapping(node, "'errors'") is not { } mapping)
        {
            return pages;
        }

        foreach (var (keyNode, value) in mapping.Children)
        {
            if (reader.Ranged(keyNode, "an error code", "an error page code", 400, 511) is not { } code)
            {
                continue;
            }

            var entries = reader.Entries(value, $"error page {code}", ResponseReader.Keys);
            var response = ResponseReader.Read(reader, entries, reader.File.At(value));
            ResponseReader.RefuseRouteOnly(reader, entries, $"error page {code}");
            if (response is null)
            {
                if (value is not YamlMappingNode { Children.Count: > 0 })
                {
                    reader.Error(value is YamlMappingNode ? value : keyNode, $"empty RESPONSE for error page {code}: it needs a body form ({ResponseReader.SharedBodyKeyList})");
                }
            }
            else if (!ResponseReader.HasBodyForm(entries))
            {
                reader.Error(keyNode, $"the RESPONSE of error page {code} has no body form (one of: {ResponseReader.SharedBodyKeyList})");
            }
            else if (response.Body is not null)
            {
                pages[code] = response;
            }
        }

        return pages;
    }
}
