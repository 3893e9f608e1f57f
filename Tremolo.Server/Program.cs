return Tremolo.Server.Cli.CommandLine.Run(args);
