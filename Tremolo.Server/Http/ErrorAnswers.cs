namespace Tremolo.Server.Http;

/// <summary>
/// How a request that went wrong is answered, in one place: an error the app raised or a
/// handler that failed gets the app's error page (or, once the head went out, only a close);
/// a request the engine refuses gets Tremolo's bare answer (the 400, 408 and 505 without
/// headers) and the connection ends. The connection loop asks it; it writes nothing else.
/// </summary>
internal static class ErrorAnswers
{
    /// <summary>
    /// Tremolo's print_exception for an HTTP error the app raised: "path: ExceptionName: text";
    /// redirects are not logged. ERROR only for a 500 (a fault of the server or the app): the
    /// other 5xx here answer the client's request (505 for its version), so they are INFO as
    /// the 4xx are, where Tremolo says ERROR for every 5xx.
    /// </summary>
    public static void LogAnswered(HttpContext context, HttpError error)
    {
        if (error.Code < 400)
        {
            return;
        }

        var path = context.Head.Path;
        var message = $"{path}: {error.PythonName}: {error.Text}";
        if (error.Code != 500)
        {
            context.Log.Info(message, new("path", path), new("status", error.Code), new("exception", error.PythonName));
        }
        else
        {
            context.Log.Error(message, null, new("path", path), new("status", error.Code), new("exception", error.PythonName));
        }
    }

    /// <summary>An error after the head went out can only close the connection, as in Tremolo.</summary>
    public static async ValueTask AnswerAsync(HttpContext context, HttpError error)
    {
        if (context.Response.HeadersSent)
        {
            context.Framing.Close();
            return;
        }

        try
        {
            await context.Connection.Host.App.HandleErrorAsync(context, error);
        }
        catch (ConnectionClosedException closed)
        {
            // The error page read the body and the connection ended there (or Tremolo refused it bare).
            await CloseWithAsync(context, closed);
        }
        finally
        {
            if (error.Code >= 400)
            {
                context.Framing.Close();
            }
        }
    }

    /// <summary>Ends a request that gets no HTTP response: Tremolo's bare answer when it has one.</summary>
    public static async ValueTask CloseWithAsync(HttpContext context, ConnectionClosedException closed)
    {
        context.Framing.Close();
        if (closed.BareStatus is { } status)
        {
            await WriteBareAsync(context, status, closed.BareMessage, closed.Message);
        }
    }

    /// <summary>Tremolo's bare answer (status line and text, no headers), logged at INFO.</summary>
    public static async ValueTask WriteBareAsync(HttpContext context, int status, string message, string text)
    {
        ResponseWriter.WriteBare(context.Output, status, message, text);
        context.Log.Info($"{status} {message}: {text}");
        await context.FlushAsync();
    }
}
