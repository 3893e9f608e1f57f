using Tremolo.Server.Http;
using Tremolo.Templates;

namespace Tremolo.Server.App;

/// <summary>The response as response rules and error pages see it (response.status, .message, .headers).</summary>
internal sealed class ResponseView(HttpResponse response) : IResponseData
{
    public int Status => response.Status;

    public string Message => response.Message;

    public string ContentType => response.ContentType;

    public IReadOnlyList<KeyValuePair<string, string>> Headers => [.. response.Headers.Pairs()];
}
