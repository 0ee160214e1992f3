using BuildFarm.Cli;
using BuildFarm.Cli.Commands;
using BuildFarm.Cli.Rendering;

var context = new CliContext(Terminal.ForConsole(), Environment.GetEnvironmentVariable, TimeProvider.System, Console.IsInputRedirected ? null : Console.In);
return await CliApp.RunAsync(context, args);
