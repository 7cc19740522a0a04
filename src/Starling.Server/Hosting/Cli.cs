using System.CommandLine;
using Starling.Server.Api.OAuth;
using Microsoft.Extensions.Logging.Console;
using Starling.Server.Features.Accounts;
using Starling.Server.Features.Common;
using Starling.Server.Features.Media;

namespace Starling.Server.Hosting;

/// <summary>The program's verbs: <c>serve</c> (the default), <c>migrate</c> and <c>user ...</c> admin tools.</summary>
public static class Cli
{
    private static readonly HashSet<string> Verbs = ["migrate", "user", "media", "help", "--help", "-h", "-?"];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || !Verbs.Contains(args[0]))
        {
            return await ServeAsync(args.Length > 0 && args[0] == "serve" ? args[1..] : args);
        }
        // Handles start with @, so "@alice" must stay a value, not name a response file.
        return await BuildCommands().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null }).InvokeAsync();
    }

    private static async Task<int> ServeAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = BuildApp(args);
            await DatabaseSetup.MigrateAsync(app.Services);
        }
        catch (StarlingConfigurationException exception)
        {
            await Console.Error.WriteLineAsync($"Configuration error: {exception.Message}");
            return 2;
        }
        await app.RunAsync();
        return 0;
    }

    /// <param name="forVerb">For an admin verb: logs go to stderr, so stdout carries only the verb's answer (a token, say) for scripts.</param>
    public static WebApplication BuildApp(string[] args, bool forVerb = false)
    {
        var builder = WebApplication.CreateBuilder(args);
        ShippedSettings.AddWhenMissing(builder);
        if (forVerb)
        {
            builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        }
        builder.AddStarling();
        var app = builder.Build();
        app.UseStarling();
        app.MapStarling();
        return app;
    }

    private static RootCommand BuildCommands()
    {
        var root = new RootCommand("Starling, a federated microblogging server. Without a verb it serves (same as 'serve').");

        var migrate = new Command("migrate", "Apply pending database migrations and exit.");
        migrate.SetAction((_, ct) => WithServices(async (services, _) =>
        {
            await DatabaseSetup.MigrateAsync(services, ct);
            Console.WriteLine("Database is up to date.");
        }));
        root.Subcommands.Add(migrate);

        var user = new Command("user", "Manage local users.");
        root.Subcommands.Add(user);

        var username = new Option<string>("--username") { Description = "The user's name, without @", Required = true };
        var email = new Option<string>("--email") { Description = "Email address", Required = true };
        var password = new Option<string>("--password") { Description = "Password (at least 8 characters)", Required = true };
        var admin = new Option<bool>("--admin") { Description = "Make the user an administrator" };
        var create = new Command("create", "Create a user, approved and confirmed.") { username, email, password, admin };
        create.SetAction((parse, ct) => WithServices(async (services, _) =>
        {
            var register = services.GetRequiredService<RegisterAccount>();
            var created = await register.RegisterAsync(new Registration(parse.GetValue(username)!, parse.GetValue(email)!, parse.GetValue(password)!),
                byAdmin: true, admin: parse.GetValue(admin), cancellationToken: ct);
            Console.WriteLine($"Created user @{created.Account.Username}{(created.Admin ? " (admin)" : "")}.");
        }));
        user.Subcommands.Add(create);

        var scopes = new Option<string>("--scopes") { Description = "Space-separated OAuth scopes", DefaultValueFactory = _ => "read write follow push" };
        var token = new Command("token", "Print a new access token for the user, alone on the last line.") { username, scopes };
        token.SetAction((parse, ct) => WithServices(async (services, _) =>
        {
            var issued = await services.GetRequiredService<CliTokens>().IssueAsync(parse.GetValue(username)!, parse.GetValue(scopes)!, ct);
            Console.WriteLine($"Access token for @{parse.GetValue(username)!.TrimStart('@')} with scopes \"{parse.GetValue(scopes)}\":");
            Console.WriteLine(issued);
        }));
        user.Subcommands.Add(token);

        var media = new Command("media", "Manage stored media files.");
        root.Subcommands.Add(media);
        var days = new Option<int>("--days") { Description = "Remove cached copies older than this many days", DefaultValueFactory = _ => 7 };
        var cleanup = new Command("cleanup", "Remove cached copies of remote posts' files and remote accounts' avatars and headers older than --days (they are shown from their origin again), and uploads never attached to a post.") { days };
        cleanup.SetAction((parse, ct) => WithServices(async (services, _) =>
        {
            var age = parse.GetValue(days);
            if (age < 0)
            {
                throw DomainException.Invalid("--days must be 0 or more");
            }
            var cleanup = services.GetRequiredService<MediaCleanup>();
            var remote = await cleanup.RemoveCachedRemoteAsync(TimeSpan.FromDays(age), ct);
            var pictures = await cleanup.RemoveCachedRemotePicturesAsync(TimeSpan.FromDays(age), ct);
            var orphans = await cleanup.RemoveOrphansAsync(ct);
            Console.WriteLine($"Removed {remote} cached remote files and {pictures} remote accounts' cached pictures older than {age} days, " +
                $"and {orphans} uploads never attached to a post.");
        }));
        media.Subcommands.Add(cleanup);

        AddAdminVerb(user, username, "confirm", "Mark the user's email address as confirmed.", (a, u, ct) => a.ConfirmAsync(u, ct), "confirmed");
        AddAdminVerb(user, username, "approve", "Approve a sign-up that waits for approval.", (a, u, ct) => a.ApproveAsync(u, ct), "approved");
        AddAdminVerb(user, username, "suspend", "Suspend the user: hidden, signed out, cannot sign in.", (a, u, ct) => a.SuspendAsync(u, ct), "suspended");
        AddAdminVerb(user, username, "unsuspend", "Lift a suspension.", (a, u, ct) => a.UnsuspendAsync(u, ct), "unsuspended");
        AddAdminVerb(user, username, "delete", "Delete the user and all their posts. Cannot be undone.", (a, u, ct) => a.DeleteAsync(u, ct), "deleted");
        return root;
    }

    private static void AddAdminVerb(Command parent, Option<string> username, string name, string description,
        Func<AdministerAccount, string, CancellationToken, Task> action, string pastTense)
    {
        var command = new Command(name, description) { username };
        command.SetAction((parse, ct) => WithServices(async (services, _) =>
        {
            await action(services.GetRequiredService<AdministerAccount>(), parse.GetValue(username)!, ct);
            Console.WriteLine($"User @{parse.GetValue(username)!.TrimStart('@')} {pastTense}.");
        }));
        parent.Subcommands.Add(command);
    }

    /// <summary>Runs a verb against the configured database, migrated first; failures print a message and exit non-zero.</summary>
    private static async Task<int> WithServices(Func<IServiceProvider, CancellationToken, Task> verb)
    {
        try
        {
            await using var app = BuildApp([], forVerb: true);
            await DatabaseSetup.MigrateAsync(app.Services);
            await using var scope = app.Services.CreateAsyncScope();
            await verb(scope.ServiceProvider, CancellationToken.None);
            return 0;
        }
        catch (StarlingConfigurationException exception)
        {
            await Console.Error.WriteLineAsync($"Configuration error: {exception.Message}");
            return 2;
        }
        catch (DomainException exception)
        {
            await Console.Error.WriteLineAsync($"Error: {exception.Message}");
            return 1;
        }
    }
}
