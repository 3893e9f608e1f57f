namespace Tremolo.SpecTests.Parity;

/// <summary>A server serving one corpus app on 127.0.0.1:<see cref="Port"/> until disposed.</summary>
public interface IParityServer : IAsyncDisposable
{
    int Port { get; }

    /// <summary>What runs and where it logs, for failure messages.</summary>
    string Description { get; }
}
