using Starling.Server.Hosting;

return await Cli.RunAsync(args);

/// <summary>Exposed so integration tests can host the app.</summary>
public partial class Program;
