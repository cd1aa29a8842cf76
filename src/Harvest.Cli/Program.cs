return await Harvest.Cli.CliApp.RunAsync(args);
