using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Accounts;
using Starling.Server.Features.Relationships;
using Starling.Server.Features.Statuses;
using Starling.Server.Infrastructure.Ids;

namespace Starling.Testing;

/// <summary>
/// Builds a small world of users, follows and posts through the real use cases, in the order the steps were given,
/// and names every piece so tests read like the scenario ("alice", "bob_reply"). Jobs are drained at the end.
/// </summary>
public sealed class WorldBuilder(TestInstance instance)
{
    private readonly List<Func<World, Task>> _steps = [];

    public const string Password = "correct horse battery";

    /// <summary>A local user named <paramref name="username"/> with email username@example.com.</summary>
    public WorldBuilder User(string username, bool locked = false, bool admin = false, string? displayName = null)
    {
        _steps.Add(async world =>
        {
            var user = await instance.UseAsync<RegisterAccount, User>(register =>
                register.RegisterAsync(new Registration(username, $"{username}@example.com", Password), byAdmin: true, admin: admin));
            if (locked || displayName is not null)
            {
                await instance.UseAsync<UpdateProfile, Account>(update =>
                    update.UpdateAsync(user.AccountId, new ProfileChanges(DisplayName: displayName, Locked: locked ? true : null)));
            }
            world.Users[username] = user;
        });
        return this;
    }

    /// <summary>
    /// An account of another server, as if its actor document had been fetched: <paramref name="handle"/> is
    /// "name@host", its inbox is https://host/users/name/inbox and its server's shared inbox https://host/inbox.
    /// Named by its handle in the world.
    /// </summary>
    public WorldBuilder RemoteUser(string handle, bool locked = false, bool sharedInbox = true)
    {
        _steps.Add(async world =>
        {
            var account = await instance.AddRemoteAccountAsync(handle, locked: locked, sharedInbox: sharedInbox);
            world.RemoteAccounts[handle] = account;
        });
        return this;
    }

    /// <summary>A public status of a remote account (made with <see cref="RemoteUser"/>), as if it had arrived by federation.</summary>
    public WorldBuilder RemotePost(string name, string handle, string text)
    {
        _steps.Add(async world =>
        {
            var author = world.RemoteAccounts[handle];
            var id = instance.Services.GetRequiredService<IdGenerator>().Next();
            var status = new Status
            {
                Id = id,
                AccountId = author.Id,
                Text = "",
                ContentHtml = $"<p>{System.Net.WebUtility.HtmlEncode(text)}</p>",
                Visibility = Visibility.Public,
                ConversationId = id,
                Uri = $"{author.Uri}/statuses/{id}",
                Url = $"https://{author.Domain}/@{author.Username}/{id}",
                CreatedAt = DateTime.UtcNow,
            };
            await instance.DbAsync(async db =>
            {
                db.Statuses.Add(status);
                await db.SaveChangesAsync();
            });
            world.Statuses[name] = status;
        });
        return this;
    }

    public WorldBuilder Users(params string[] usernames)
    {
        foreach (var username in usernames)
        {
            User(username);
        }
        return this;
    }

    /// <summary>Follows (or, for a locked account, asks to follow).</summary>
    public WorldBuilder Follow(string follower, string followed, bool showReblogs = true)
    {
        _steps.Add(world => instance.UseAsync<FollowAccount>(follow =>
            follow.FollowAsync(world.Account(follower).Id, world.Account(followed).Id, showReblogs)));
        return this;
    }

    public WorldBuilder Block(string blocker, string blocked)
    {
        _steps.Add(world => instance.UseAsync<BlockAccount>(block => block.BlockAsync(world.Account(blocker).Id, world.Account(blocked).Id)));
        return this;
    }

    public WorldBuilder Mute(string muter, string muted)
    {
        _steps.Add(world => instance.UseAsync<MuteAccount>(mute => mute.MuteAsync(world.Account(muter).Id, world.Account(muted).Id)));
        return this;
    }

    /// <summary>A status named <paramref name="name"/>; <paramref name="replyTo"/> names an earlier status.</summary>
    public WorldBuilder Post(string name, string author, string text, Visibility visibility = Visibility.Public, string? replyTo = null, string? contentWarning = null)
    {
        _steps.Add(async world =>
        {
            var draft = new StatusDraft(text, contentWarning, visibility, replyTo is null ? null : world.Status(replyTo).Id);
            world.Statuses[name] = await instance.UseAsync<CreateStatus, Status>(create => create.CreateAsync(world.Account(author).Id, draft));
        });
        return this;
    }

    public WorldBuilder Boost(string name, string booster, string statusName)
    {
        _steps.Add(async world =>
            world.Statuses[name] = await instance.UseAsync<ReblogStatus, Status>(reblog =>
                reblog.ReblogAsync(world.Account(booster).Id, world.Status(statusName).Id)));
        return this;
    }

    public WorldBuilder Favourite(string account, string statusName)
    {
        _steps.Add(world => instance.UseAsync<FavouriteStatus>(favourite => favourite.FavouriteAsync(world.Account(account).Id, world.Status(statusName).Id)));
        return this;
    }

    public WorldBuilder Bookmark(string account, string statusName)
    {
        _steps.Add(world => instance.UseAsync<BookmarkStatus>(bookmark => bookmark.BookmarkAsync(world.Account(account).Id, world.Status(statusName).Id)));
        return this;
    }

    public WorldBuilder Pin(string account, string statusName)
    {
        _steps.Add(world => instance.UseAsync<PinStatus>(pin => pin.PinAsync(world.Account(account).Id, world.Status(statusName).Id)));
        return this;
    }

    /// <summary>The author edits the named status; the world keeps the edited version under the same name.</summary>
    public WorldBuilder Edit(string statusName, string text, string? contentWarning = null, bool sensitive = false)
    {
        _steps.Add(async world =>
        {
            var status = world.Status(statusName);
            world.Statuses[statusName] = await instance.UseAsync<EditStatus, Status>(edit =>
                edit.EditAsync(status.AccountId, status.Id, text, contentWarning, sensitive));
        });
        return this;
    }

    /// <summary>Moves the fake clock on between steps; the instance must run on fake time.</summary>
    public WorldBuilder Wait(TimeSpan duration)
    {
        _steps.Add(_ =>
        {
            instance.AdvanceTime(duration);
            return Task.CompletedTask;
        });
        return this;
    }

    /// <summary>Runs the steps, then drains the job queue so feeds and notifications are in place.</summary>
    public async Task<World> BuildAsync(bool drainJobs = true)
    {
        var world = new World(instance);
        foreach (var step in _steps)
        {
            await step(world);
        }
        if (drainJobs)
        {
            await instance.DrainJobsAsync();
        }
        return world;
    }
}

/// <summary>The named users and statuses a <see cref="WorldBuilder"/> made.</summary>
public sealed class World(TestInstance instance)
{
    public Dictionary<string, User> Users { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Status> Statuses { get; } = new(StringComparer.Ordinal);

    /// <summary>Accounts of other servers, by handle ("bob@remote.test").</summary>
    public Dictionary<string, Account> RemoteAccounts { get; } = new(StringComparer.Ordinal);

    public TestInstance Instance { get; } = instance;

    public User User(string username) =>
        Users.TryGetValue(username, out var user) ? user : throw new KeyNotFoundException($"The world has no user '{username}'.");

    public Account Account(string username) =>
        RemoteAccounts.TryGetValue(username, out var remote) ? remote : User(username).Account;

    public long Id(string username) => Account(username).Id;

    public Status Status(string name) =>
        Statuses.TryGetValue(name, out var status) ? status : throw new KeyNotFoundException($"The world has no status '{name}'.");

    /// <summary>The account as stored now (counts change as the test goes on).</summary>
    public Task<Account> ReloadAccountAsync(string username) =>
        Instance.DbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == Id(username)));

    public Task<Status> ReloadStatusAsync(string name) =>
        Instance.DbAsync(db => db.Statuses.AsNoTracking().SingleAsync(s => s.Id == Status(name).Id));
}

/// <summary>
/// The standard data set, in GoToSocial's manner: the same few people in every test that does not need its own.
/// alice (admin) and bob post; carol follows both; dave's account is locked (bob has asked to follow him); erin follows nobody.
/// </summary>
public static class StandardWorld
{
    public static WorldBuilder Standard(this WorldBuilder builder) => builder
        .User("alice", admin: true, displayName: "Alice")
        .User("bob", displayName: "Bob")
        .User("carol", displayName: "Carol")
        .User("dave", locked: true, displayName: "Dave")
        .User("erin", displayName: "Erin")
        .Follow("bob", "alice")
        .Follow("carol", "alice")
        .Follow("carol", "bob")
        .Follow("bob", "dave")
        .Post("alice_public", "alice", "Hello from #starling, world!")
        .Post("alice_unlisted", "alice", "A quiet unlisted note", Visibility.Unlisted)
        .Post("alice_followers", "alice", "Only for my followers", Visibility.Private)
        .Post("alice_direct_bob", "alice", "@bob a secret just for you", Visibility.Direct)
        .Post("bob_reply", "bob", "@alice nice to see you here", replyTo: "alice_public")
        .Post("dave_public", "dave", "Dave's public post");

    public static Task<World> CreateStandardWorldAsync(this TestInstance instance) => instance.World().Standard().BuildAsync();
}
