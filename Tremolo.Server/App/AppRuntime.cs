using System.Text;
using Tremolo.Config.Model;
using Tremolo.Config.Patterns;
using Tremolo.Config.Routing;
using Tremolo.Server.Files;
using Tremolo.Server.Http;
using Tremolo.Templates;

namespace Tremolo.Server.App;

/// <summary>
/// The app over the config model, as Tremolo's request_received: request rules of the
/// path's app, then the route (or Tremolo's 503 index, 405, 404), then its response.
/// </summary>
internal sealed class AppRuntime : IHttpApplication
{
    private readonly Router _router;
    private readonly MiddlewareSelector _middleware;
    private readonly ErrorResponder _errors;
    private readonly ServerOptions _options;
    private readonly IUpgradeHandlers _upgrades;

    public AppRuntime(RouteTable table, ServerOptions options, IUpgradeHandlers upgrades)
    {
        _router = new Router(table.Routes);
        _middleware = new MiddlewareSelector(table.Middleware);
        _errors = new ErrorResponder(table.Errors);
        _options = options;
        _upgrades = upgrades;
    }

    public async Task HandleAsync(HttpContext context)
    {
        AppRequestState.For(context, _options);
        if (context.Head.IsAsteriskForm)
        {
            // OPTIONS * asks about the server, not a resource (RFC 9110 9.3.7): no route or rule applies.
            Answers.End(context, "", Encoding.Latin1, keepAlive: true);
            return;
        }

        try
        {
            await RouteAsync(context);
        }
        catch (Exception failed) when (TemplateFailures.Is(failed))
        {
            // The protocol layer answers HttpErrors only; a failed template becomes one here.
            throw TemplateFailures.ToHttpError(failed, context);
        }
    }

    public Task HandleErrorAsync(HttpContext context, HttpError error)
    {
        AppRequestState.For(context, _options);
        return _errors.AnswerAsync(context, error);
    }

    /// <summary>
    /// A plain route's literal answer with no middleware on its path: a dictionary lookup and a
    /// copy, whatever the config's size or the client sends. Rules (`when`, templates), regex
    /// routes, templates, files, bodies, WebSocket and SSE all fail this test, and so does a
    /// literal body under `encode` (compressing it costs what the body's size costs).
    /// </summary>
    public bool IsCheap(HttpContext context)
    {
        var head = context.Head;
        if (head.Status == RequestHeadStatus.Invalid)
        {
            return false;
        }

        var state = AppRequestState.For(context, _options);
        return state.Middleware(_middleware, head.Path) is { Request.Count: 0, Response.Count: 0 }
            && state.PlainRoute(_router, head) is { Route: { } route, Response: { } response }
            && _router.IsLiteral(response)
            && (route.Route.Options.Encode ?? _options.Encode).Count == 0;
    }

    private async Task RouteAsync(HttpContext context)
    {
        var head = context.Head;
        var state = AppRequestState.Of(context);
        var middleware = state.Middleware(_middleware, head.Path);
        if (await RuleRunner.RunRequestRulesAsync(context, middleware.Request))
        {
            return;
        }

        if (head.Status == RequestHeadStatus.Invalid)
        {
            throw HttpError.BadRequest();
        }

        var match = state.Route(_router, head);
        if (match.TimedOut is { } slow)
        {
            // A client drove a backtracking route regex past its timeout: a server-side failure to match, so 500 (docs/architecture.md).
            context.Log.Error($"route '{slow.Route.Path}' ({slow.Route.Location}): regex match timed out after {RoutePattern.MatchTimeout.TotalMilliseconds} ms on {head.Path}");
            throw new HttpError(500);
        }

        if (match.Route is not { } route)
        {
            if (match.Allow is { } allow)
            {
                var error = new HttpError(405);
                error.ExtraHeaders.Add(new("Allow", allow));
                throw error;
            }

            if (!_router.HasRoot && head.Path.Trim('/').Length == 0)
            {
                // Tremolo's built-in index: a handler returning 503 Service Unavailable.
                context.Response.SetStatus(503, "Service Unavailable");
                await Answers.ReturnAsync(context, BuiltinPages.IndexBody, HandlerOptions.Default, middleware.Response);
                return;
            }

            if (_router.MatchesWithTrailingSlash(head))
            {
                // e.g. a mounted app's index: /admin answers a redirect to /admin/ rather than 404.
                throw SlashRedirect(head);
            }

            throw new HttpError(404);
        }

        if (match.Params is { } parameters)
        {
            context.Params = parameters;
        }

        var model = route.Route;
        state.RouteEncode = model.Options.Encode;
        if (model.WebSocket is { } websocket && _options.Ws && _upgrades.TryAcceptWebSocket(context, model, websocket))
        {
            return;
        }

        if (model.Sse is { } sse && !context.HasBody)
        {
            await _upgrades.StreamEventsAsync(context, model, sse);
            return;
        }

        if (match.Response is not { Body: not null } response)
        {
            // The docs' `if websocket is None: raise NotFound` (and `if sse is None: raise BadRequest`).
            throw model.Sse is not null ? HttpError.BadRequest() : new HttpError(404);
        }

        await RespondAsync(context, route, response, middleware.Response);
    }

    private async Task RespondAsync(HttpContext context, ResolvedRoute route, ResponseModel response, IReadOnlyList<RuleModel> responseRules)
    {
        var options = route.Route.Options;
        if ((response.Usage & (TemplateUsage.Body | TemplateUsage.Form)) != 0)
        {
            await context.ReadBodyAsync();
        }

        // A file's content_type is sendfile()'s argument, not a decoration.
        ResponseDecorator.Apply(context, response.Body is FileBody or DirectoryBody ? response with { ContentType = null } : response);
        switch (response.Body)
        {
            case LiteralBody literal:
                await Answers.ReturnAsync(context, literal.Utf8, options, responseRules);
                break;
            case TemplateBody template:
                var text = RenderContext.Body(template.Template, context);
                await Answers.ReturnAsync(context, Encoding.UTF8.GetBytes(text), options, responseRules);
                break;
            case FileBody file:
                // Without content_type, named by the extension as a directory file is (Tremolo's
                // sendfile() says application/octet-stream, which a browser downloads: `file: chat.html`).
                await FileResponder.SendAsync(context, new FileInfo(file.FullPath), response.ContentType ?? MimeTypes.Get(file.FullPath), BufferSize(options), options.Rate ?? _options.DownloadRate, options, null);
                break;
            case DirectoryBody directory:
                var folder = _router.Directory(directory);
                var found = folder.Resolve(DirectoryPath(context, route), out var isFolder);
                if (found is null)
                {
                    throw new HttpError(404);
                }

                if (isFolder && !context.Head.Path.EndsWith('/'))
                {
                    // As every static server: a folder's page is served at its '/' form, so its relative links work.
                    throw SlashRedirect(context.Head);
                }

                await FileResponder.SendAsync(context, found, response.ContentType ?? MimeTypes.Get(found.Name), BufferSize(options), options.Rate ?? _options.DownloadRate, options, folder);
                break;
            case HealthBody:
                await Answers.ReturnAsync(context, Encoding.UTF8.GetBytes(OperationsResponder.Health(context, response.ContentType)), options, responseRules);
                break;
            case MetricsBody:
                await Answers.ReturnAsync(context, Encoding.UTF8.GetBytes(await OperationsResponder.MetricsAsync(context, response.ContentType)), options, responseRules);
                break;
            case PublishBody publish:
                PublishResponder.Publish(context, publish, response, _upgrades.Channels);
                await Answers.ReturnAsync(context, ReadOnlyMemory<byte>.Empty, options, responseRules);
                break;
            case RedirectBody redirect:
                throw ErrorResponder.Redirect(redirect, context);
            case ErrorBody error:
                throw ErrorResponder.Raise(error, context);
            case CloseBody:
                // The handler returned None: close without a response.
                context.Framing.Close();
                context.Framing.CloseAfterResponse();
                break;
            default:
                throw new HttpError(500);
        }
    }

    /// <summary>301 to the path with a '/' appended, query kept.</summary>
    private static HttpError SlashRedirect(HttpRequestHead head)
    {
        var url = head.Url;
        var location = string.Concat(head.Path, "/", url.AsSpan(head.Path.Length));
        return HttpError.Redirect(location, 301, !head.IsHttp11);
    }

    private int BufferSize(HandlerOptions options) => Math.Max(1, options.BufferSize ?? _options.BufferSize);

    /// <summary>
    /// The part of the path a directory route serves: its `path` group, else what follows
    /// the route's own path (a plain directory route matches everything below it).
    /// </summary>
    private static string DirectoryPath(HttpContext context, ResolvedRoute route)
    {
        if (context.Params.TryGetValue("path", out var captured))
        {
            return captured;
        }

        var path = context.Head.Path.TrimStart('/');
        var prefix = route.PlainPath ?? "";
        return path.Length >= prefix.Length ? path[prefix.Length..] : "";
    }

}
