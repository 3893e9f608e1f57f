using Tremolo.Server.Diagnostics;
using Tremolo.Server.Transport;

namespace Tremolo.Server.Hosting;

/// <summary>
/// Watches a listener's certificate and key files and loads them again when they change (a
/// renewal by certbot or acme.sh), so new handshakes get the new certificate without a
/// restart. A pair that does not load (half written, a key of another certificate) is
/// logged and the certificate in use stays; the next change tries again.
/// </summary>
internal sealed class CertificateWatcher : IDisposable
{
    private readonly TlsSettings _tls;
    private readonly ServerLog _log;
    private readonly ConfigWatcher _watcher;
    private readonly Lock _lock = new();

    public CertificateWatcher(TlsSettings tls, ServerLog log)
    {
        _tls = tls;
        _log = log;
        _watcher = new ConfigWatcher(Reload);
        _watcher.Watch(tls.KeyPath is null ? [tls.CertPath] : [tls.CertPath, tls.KeyPath]);
    }

    public void Dispose() => _watcher.Dispose();

    private void Reload()
    {
        lock (_lock)
        {
            try
            {
                _tls.Reload();
                _log.Info($"ssl: certificate reloaded from {_tls.CertPath}", new LogField("cert", _tls.CertPath));
            }
            catch (Exception e)
            {
                _log.Error($"ssl: {_tls.CertPath} could not be loaded ({e.GetType().Name}: {e.Message}); still using the previous certificate", null, new LogField("cert", _tls.CertPath));
            }
        }
    }
}
