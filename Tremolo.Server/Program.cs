// Before any socket exists: the socket engine reads its mode once (see SocketEngineMode).
Tremolo.Server.Transport.SocketEngineMode.UseInlineCompletions();
return Tremolo.Server.Cli.CommandLine.Run(args);
