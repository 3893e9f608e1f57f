namespace Tremolo.Config.Model;

/// <summary>An extra listener (like app.listen(port, **options)): its own address and option overrides.</summary>
public sealed record ListenModel(BindAddress Address, ServerOptions Options, SourceLocation Location)
{
    /// <summary>Where this listener's `ssl` was set (its own, or the server's it inherits).</summary>
    public SourceLocation? SslLocation { get; init; }
}
