using Tremolo.Server.Diagnostics;
using Tremolo.Server.Http;

namespace Tremolo.Server.App;

/// <summary>
/// The two body forms for operators: `health` (200 "ok" while serving, 503 "draining" once a
/// shutdown has begun, for a load balancer to stop sending) and `metrics` (the Prometheus
/// text of the meter `Tremolo`). Both are text/plain unless the RESPONSE says content_type.
/// </summary>
internal static class OperationsResponder
{
    public static string Health(HttpContext context, string? declaredContentType)
    {
        var draining = context.Draining;
        context.Response.SetStatus(draining ? 503 : 200, draining ? "Service Unavailable" : "OK");
        context.Response.SetContentType(declaredContentType ?? "text/plain; charset=utf-8");
        return draining ? "draining" : "ok";
    }

    public static Task<string> MetricsAsync(HttpContext context, string? declaredContentType)
    {
        context.Response.SetContentType(declaredContentType ?? PrometheusExport.ContentType);
        return PrometheusExport.ScrapeAsync(context.HandlerAborted);
    }
}
