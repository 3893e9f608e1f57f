namespace Tremolo.SpecTests.Http;

/// <summary>The app the HTTP framing tests talk to: /upload answers "got " and the body it read, so a test sees exactly what reached the app.</summary>
internal static class UploadApp
{
    public const string Yaml = """
        routes:
          - path: /upload
            content_type: text/plain
            template: "got {{ request.body }}"
        """;
}
