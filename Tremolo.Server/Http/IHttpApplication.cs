namespace Tremolo.Server.Http;

/// <summary>What the protocol layer calls for each request; the app runtime implements it.</summary>
internal interface IHttpApplication
{
    /// <summary>Runs middleware, routing and the route's response. May throw <see cref="HttpError"/>.</summary>
    Task HandleAsync(HttpContext context);

    /// <summary>
    /// True when answering the request costs microseconds whatever the config and the client
    /// send: then it runs on the socket engine thread; anything else runs on the thread pool.
    /// Called once the framing is decided, before <see cref="HandleAsync"/>; what it looks up
    /// (the route) it may keep in <see cref="HttpContext.AppState"/> for HandleAsync.
    /// </summary>
    bool IsCheap(HttpContext context);

    /// <summary>Answers an error as Tremolo's error_received + handle_exception (error pages, then end()).</summary>
    Task HandleErrorAsync(HttpContext context, HttpError error);
}
