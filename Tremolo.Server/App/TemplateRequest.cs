using Tremolo.Config.Model;
using Tremolo.Server.Http;
using Tremolo.Templates;

namespace Tremolo.Server.App;

/// <summary>The request being answered as templates see it (request.method, .headers, .client, ...).</summary>
internal sealed class TemplateRequest(HttpContext context, ServerOptions options) : IRequestData
{
    public string Method => context.Method;

    public string Url => context.Url;

    public string Version => context.Version;

    public bool IsSecure => context.IsSecure;

    public string ClientHost => context.ClientHost;

    public bool TrustsForwardedHeaders => options.ForwardedAllowIps.Trusts(context.ClientAddress);

    public int ClientPort => context.ClientPort;

    public IReadOnlyList<KeyValuePair<string, string>> Headers => context.Headers;

    public ReadOnlyMemory<byte>? Body => context.Body;

    public IReadOnlyDictionary<string, string> Params => context.Params;
}
