using Tremolo.Config.Model;
using Tremolo.Config.Options;
using YamlDotNet.RepresentationModel;

namespace Tremolo.Config.Loading;

/// <summary>
/// Loads a tremolo.yaml into the immutable model: every mistake in the YAML, its includes
/// and templates, the environment and the CLI flags is collected, each with its position.
/// </summary>
public static class ConfigLoader
{
    /// <param name="yamlPath">The config file, named the way the user named it (messages use this name).</param>
    /// <param name="cliFlags">Option flags only (`--port 8080`, `--debug`), no command or CONFIG.</param>
    /// <param name="environment">The process environment; TREMOLO_&lt;OPTION&gt; entries are read.</param>
    public static LoadResult Load(string yamlPath, IReadOnlyList<string> cliFlags, IReadOnlyDictionary<string, string?> environment) =>
        Load(yamlPath, cliFlags, environment, Directory.GetCurrentDirectory());

    /// <summary>As <see cref="Load(string, IReadOnlyList{string}, IReadOnlyDictionary{string, string?})"/>, with relative names against <paramref name="workingDirectory"/>.</summary>
    internal static LoadResult Load(string yamlPath, IReadOnlyList<string> cliFlags, IReadOnlyDictionary<string, string?> environment, string workingDirectory)
    {
        var session = new LoadSession(environment);
        var fullPath = Path.GetFullPath(yamlPath, workingDirectory);
        var yamlLayer = new OptionLayer();
        var listeners = new List<ListenEntry>();
        AppModel? app = null;
        if (!File.Exists(fullPath))
        {
            session.Diagnostics.Add(SourceLocation.Of(yamlPath), "config file does not exist");
        }
        else if (YamlFile.Read(yamlPath, fullPath, session, null) is ({ } file, { } root))
        {
            var reader = new NodeReader(file, session);
            session.IncludeChain.Add(file);
            if (root is YamlMappingNode mapping)
            {
                var entries = reader.RootEntries(mapping, "the config", AppReader.RootKeys);
                foreach (var entry in entries)
                {
                    if (entry.Key == "server")
                    {
                        yamlLayer = ServerSectionReader.Read(reader, entry.Value);
                    }
                    else if (entry.Key == "listen")
                    {
                        listeners = ListenReader.Read(reader, entry.Value);
                    }
                }

                app = AppReader.Read(reader, root, entries, mounted: false);
            }
            else
            {
                reader.Error(root, $"the config must be a mapping of {string.Join(", ", AppReader.RootKeys)}");
            }
        }

        OptionLayer[] layers =
        [
            yamlLayer,
            OptionLayers.FromEnvironment(environment, workingDirectory, session.Diagnostics),
            OptionLayers.FromCli(cliFlags, workingDirectory, session.Diagnostics),
        ];
        var layered = OptionLayers.Merge(layers[0], layers[1], layers[2]);
        var sslLocation = OptionLayer.Winning(layers, "ssl_cert", "ssl_key", "ssl_password");
        if (layered["ssl_cert"] is null && (layered["ssl_key"] ?? layered["ssl_password"]) is not null)
        {
            session.Diagnostics.Add(sslLocation ?? SourceLocation.Of("ssl"), "an ssl key or password needs a cert (ssl: {cert: ...}, TREMOLO_SSL_CERT or --ssl-cert)");
        }

        var server = OptionLayers.Build(layered);
        var listen = listeners.Select(entry => Listener(entry, layered, sslLocation)).ToList();
        // A listener without exactly one of a good port and a socket path is reported already.
        var addressed = listen.Where((_, i) => listeners[i].UnixPath is not null != listeners[i].Options.ContainsKey("port")).ToList();
        ListenerAddresses.CheckDistinct(server, OptionLayer.Winning(layers, "bind"), OptionLayer.Winning(layers, "port", "host"), addressed, session.Diagnostics);
        if (app is not null)
        {
            WorkerRules.Check(server, listen, app, OptionLayer.Winning(layers, "worker_num"), session.Diagnostics);
        }
        if (session.Diagnostics.HasErrors || app is null)
        {
            return new LoadResult(null, session.Diagnostics.Errors) { Warnings = session.Diagnostics.Warnings };
        }

        return new LoadResult(new AppDocument(fullPath, server, listen, app, session.WatchedFiles.Distinct().ToList()) { SslLocation = sslLocation }, []) { Warnings = session.Diagnostics.Warnings };
    }

    private static ListenModel Listener(ListenEntry entry, Microsoft.Extensions.Configuration.IConfiguration layered, SourceLocation? serverSsl)
    {
        var options = OptionLayers.Build(OptionLayers.Override(layered, entry.Options));
        var address = entry.UnixPath is { } unix ? new BindAddress(null, 0, unix) : new BindAddress(options.Host, options.Port, null);
        return new ListenModel(address, options, entry.Location) { SslLocation = entry.Options.OriginOf("ssl_cert", "ssl_key", "ssl_password") ?? serverSsl };
    }
}
