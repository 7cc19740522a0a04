using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Statuses;
using Starling.Server.Infrastructure.Ids;

namespace Starling.Bench.Seeding;

/// <summary>
/// Fills an empty, migrated database with the benchmark's data set, fast: rows are built in memory and written in bulk,
/// but they are the rows the use cases and their jobs would have left behind. Posts are validated and rendered by the
/// server's own composer and formatter; ids come from the server's <see cref="IdGenerator"/> on a clock that walks
/// through three months; home feeds follow the fan-out job's rules; counters and notifications are kept as the use cases keep them.
/// </summary>
public sealed class DataSetSeeder(AppDbContext db, StatusComposer composer, ContentFormatter formatter, IPasswordHasher<User> hasher, SeedOptions options, TextWriter log)
{
    private const int RecentWindow = 5_000;

    private static readonly string[] FirstNames = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Ken", "Dennis", "Margaret", "Linus", "Radia", "Tim", "Frances", "John", "Katherine", "Niklaus", "Donald"];
    private static readonly string[] LastNames = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Thompson", "Ritchie", "Hamilton", "Torvalds", "Perlman", "Berners-Lee", "Allen", "McCarthy", "Johnson", "Wirth", "Knuth"];

    private readonly Random _random = new(options.RandomSeed);
    private readonly List<Account> _accounts = [];
    private readonly Dictionary<long, Account> _accountsById = [];
    private readonly List<User> _users = [];
    private readonly List<Follow> _follows = [];
    private readonly HashSet<(long Follower, long Target)> _followPairs = [];
    private readonly Dictionary<long, List<long>> _followersOf = [];
    private readonly List<Status> _statuses = [];
    private readonly Dictionary<long, Status> _statusesById = [];
    private readonly List<Mention> _mentions = [];
    private readonly Dictionary<string, Tag> _tags = [];
    private readonly List<StatusTag> _statusTags = [];
    private readonly List<Favourite> _favourites = [];
    private readonly HashSet<(long Account, long Status)> _favouritePairs = [];
    private readonly HashSet<(long Account, long Status)> _boostPairs = [];
    private readonly List<HomeFeedEntry> _homeFeed = [];
    private readonly List<Notification> _notifications = [];
    private readonly HashSet<(long Recipient, long From, NotificationType Type, long? Status)> _notificationKeys = [];
    // Recent public and unlisted posts: what people reply to, boost and favourite.
    private readonly Status[] _recentPublic = new Status[RecentWindow];
    private int _recentPublicCount;
    // Recent posts in the measured user's home, so that user favourites what they actually see.
    private readonly Status[] _recentInMeasuredHome = new Status[500];
    private int _recentInMeasuredHomeCount;
    private int _measuredHomeEntries;

    private SteppingClock _clock = null!;
    private IdGenerator _ids = null!;
    private TextGenerator _text = null!;
    private Account _measured = null!;

    private DateTime Now => _clock.Now.UtcDateTime;

    public async Task<SeedSummary> SeedAsync(CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var end = DateTimeOffset.UtcNow.AddMinutes(-1);
        var start = end.AddDays(-90);
        _clock = new SteppingClock(start);
        _ids = new IdGenerator(_clock);
        _text = new TextGenerator(_random);

        await CreateAccountsAsync(start, TimeSpan.FromDays(30), cancellationToken);
        await WriteAsync(_accounts, cancellationToken);
        await WriteAsync(_users, cancellationToken);
        log.WriteLine($"  {_accounts.Count:N0} accounts and users ({stopwatch.Elapsed.TotalSeconds:F1} s)");

        CreateFollows(start.AddDays(30), TimeSpan.FromDays(1));
        await CreateStatusesAsync(start.AddDays(31), end, cancellationToken);
        log.WriteLine($"  generated {_statuses.Count:N0} statuses ({stopwatch.Elapsed.TotalSeconds:F1} s)");

        await WriteAsync(_follows, cancellationToken);
        await WriteAsync(_statuses, cancellationToken);
        await WriteAsync(_mentions, cancellationToken);
        await WriteAsync(_tags.Values.ToList(), cancellationToken);
        await WriteAsync(_statusTags, cancellationToken);
        await WriteAsync(_favourites, cancellationToken);
        await WriteAsync(_homeFeed, cancellationToken);
        await WriteAsync(_notifications, cancellationToken);
        await WriteCountersAsync(cancellationToken);
        await FinishAsync(cancellationToken);
        log.WriteLine($"  wrote every table ({stopwatch.Elapsed.TotalSeconds:F1} s)");

        return new SeedSummary(_measured.Id, _accounts.Count, _statuses.Count, _follows.Count, _homeFeed.Count, _measuredHomeEntries,
            _mentions.Count, _tags.Count, _favourites.Count, _notifications.Count, stopwatch.Elapsed);
    }

    private async Task CreateAccountsAsync(DateTimeOffset from, TimeSpan span, CancellationToken cancellationToken)
    {
        string? passwordHash = null;
        for (var n = 0; n < options.Accounts; n++)
        {
            _clock.Now = from + (span * n / options.Accounts);
            var username = n == 0 ? options.MeasuredUsername : $"user{n:D5}";
            var note = _random.Next(2) == 0 ? "" : _text.Sentence(5, 16);
            var account = new Account
            {
                Id = _ids.Next(),
                Username = username,
                UsernameNormalized = username.ToLowerInvariant(),
                DisplayName = $"{FirstNames[_random.Next(FirstNames.Length)]} {LastNames[_random.Next(LastNames.Length)]}",
                Note = note,
                // A bio without mentions renders without touching the database.
                NoteHtml = note.Length == 0 ? "" : (await formatter.FormatAsync(note, cancellationToken)).Html,
                CreatedAt = Now,
                UpdatedAt = Now,
            };
            var user = new User
            {
                Id = _ids.Next(),
                AccountId = account.Id,
                Email = $"{username}@bench.example",
                EmailNormalized = $"{username}@bench.example",
                PasswordHash = "",
                Approved = true,
                ConfirmedAt = Now,
                CreatedAt = Now,
            };
            // Hashing is deliberately slow; every account shares the password, so one salted hash serves all of them.
            passwordHash ??= hasher.HashPassword(user, options.MeasuredPassword);
            user.PasswordHash = passwordHash;
            _accounts.Add(account);
            _accountsById[account.Id] = account;
            _users.Add(user);
        }
        _measured = _accounts[0];
    }

    private void CreateFollows(DateTimeOffset from, TimeSpan span)
    {
        var planned = new List<(Account Follower, Account Target)>();
        foreach (var target in PickOthers(_measured, options.MeasuredUserFollows))
        {
            planned.Add((_measured, target));
        }
        foreach (var follower in PickOthers(_measured, options.MeasuredUserFollowers))
        {
            planned.Add((follower, _measured));
        }
        foreach (var follower in _accounts.Skip(1))
        {
            foreach (var target in PickOthers(follower, options.FollowsPerAccount))
            {
                planned.Add((follower, target));
            }
        }
        for (var i = 0; i < planned.Count; i++)
        {
            var (follower, target) = planned[i];
            if (!_followPairs.Add((follower.Id, target.Id)))
            {
                continue;
            }
            _clock.Now = from + (span * i / planned.Count);
            _follows.Add(new Follow { Id = _ids.Next(), AccountId = follower.Id, TargetAccountId = target.Id, ShowReblogs = true, CreatedAt = Now });
            follower.FollowingCount++;
            target.FollowersCount++;
            if (!_followersOf.TryGetValue(target.Id, out var followers))
            {
                _followersOf[target.Id] = followers = [];
            }
            followers.Add(follower.Id);
            Notify(target.Id, follower.Id, NotificationType.Follow, null);
        }
    }

    private List<Account> PickOthers(Account self, int count)
    {
        var picked = new HashSet<Account>();
        while (picked.Count < Math.Min(count, _accounts.Count - 1))
        {
            var candidate = _accounts[_random.Next(_accounts.Count)];
            if (candidate != self)
            {
                picked.Add(candidate);
            }
        }
        return [.. picked];
    }

    private async Task CreateStatusesAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var step = (to - from) / options.Statuses;
        for (var i = 0; _statuses.Count < options.Statuses; i++)
        {
            _clock.Now = from + (step * i);
            var author = _accounts[_random.Next(_accounts.Count)];
            var roll = _random.NextDouble();
            if (roll < 0.06 && TryBoost(author))
            {
            }
            else if (roll < 0.20 && _recentPublicCount > 0)
            {
                await ReplyAsync(author, cancellationToken);
            }
            else
            {
                await PostOriginalAsync(author, cancellationToken);
            }
            if (_random.NextDouble() < 0.10)
            {
                Favourite();
            }
        }
    }

    private async Task PostOriginalAsync(Account author, CancellationToken cancellationToken)
    {
        var roll = _random.NextDouble();
        var visibility = roll < 0.80 ? Visibility.Public : roll < 0.90 ? Visibility.Unlisted : roll < 0.97 ? Visibility.Private : Visibility.Direct;
        var text = _text.Post();
        if (visibility == Visibility.Direct || _random.Next(12) == 0)
        {
            text = $"@{PickOthers(author, 1)[0].Username} {text}";
        }
        await PostAsync(author, text, visibility, parent: null, cancellationToken);
    }

    private async Task ReplyAsync(Account author, CancellationToken cancellationToken)
    {
        var parent = _recentPublic[_random.Next(_recentPublicCount)];
        var parentAuthor = _accountsById[parent.AccountId];
        var text = _text.Post();
        await PostAsync(author, parentAuthor == author ? text : $"@{parentAuthor.Username} {text}", parent.Visibility, parent, cancellationToken);
    }

    /// <summary>What CreateStatus, its fan-out job and its notification jobs leave behind.</summary>
    private async Task PostAsync(Account author, string rawText, Visibility visibility, Status? parent, CancellationToken cancellationToken)
    {
        var spoiler = _random.Next(25) == 0 ? "Spoilers for the last episode" : "";
        var (text, validSpoiler) = ValidOrShortened(rawText, spoiler);
        var status = new Status
        {
            Id = _ids.Next(),
            AccountId = author.Id,
            SpoilerText = validSpoiler,
            Sensitive = validSpoiler.Length > 0,
            Visibility = visibility,
            Language = "en",
            CreatedAt = Now,
        };
        status.ConversationId = parent?.ConversationId ?? status.Id;
        if (parent is not null)
        {
            status.InReplyToId = parent.Id;
            status.InReplyToAccountId = parent.AccountId;
            parent.RepliesCount++;
        }
        var content = await formatter.FormatAsync(text, cancellationToken);
        status.Text = text;
        status.ContentHtml = content.Html;
        var mentioned = new HashSet<long>();
        foreach (var account in content.MentionedAccounts)
        {
            _mentions.Add(new Mention { StatusId = status.Id, AccountId = account.Id });
            mentioned.Add(account.Id);
        }
        foreach (var name in content.TagNames)
        {
            var key = name.ToLowerInvariant();
            if (!_tags.TryGetValue(key, out var tag))
            {
                _tags[key] = tag = new Tag { Id = _ids.Next(), Name = key, DisplayName = name, CreatedAt = Now };
            }
            _statusTags.Add(new StatusTag { StatusId = status.Id, TagId = tag.Id });
        }
        author.StatusesCount++;
        author.LastStatusAt = Now;
        _statuses.Add(status);
        _statusesById[status.Id] = status;
        FanOut(status, mentioned);

        foreach (var recipient in mentioned.Where(id => id != author.Id))
        {
            Notify(recipient, author.Id, NotificationType.Mention, status.Id);
        }
        if (status.InReplyToAccountId is { } repliedTo && repliedTo != author.Id && !mentioned.Contains(repliedTo)
            && (visibility <= Visibility.Unlisted || (visibility == Visibility.Private && _followPairs.Contains((repliedTo, author.Id)))))
        {
            Notify(repliedTo, author.Id, NotificationType.Reply, status.Id);
        }
        if (visibility <= Visibility.Unlisted)
        {
            RememberRecent(_recentPublic, ref _recentPublicCount, status);
        }
    }

    /// <summary>The composer's own length rule decides; a generated post that breaks it is cut down until it fits.</summary>
    private (string Text, string Spoiler) ValidOrShortened(string text, string spoiler)
    {
        while (true)
        {
            try
            {
                return composer.Validate(text, spoiler);
            }
            catch (DomainException) when (text.Length > 40)
            {
                text = text[..(text.Length * 3 / 4)];
            }
        }
    }

    /// <summary>What ReblogStatus and its jobs leave behind.</summary>
    private bool TryBoost(Account author)
    {
        if (_recentPublicCount == 0)
        {
            return false;
        }
        var original = _recentPublic[_random.Next(_recentPublicCount)];
        if (original.AccountId == author.Id || !_boostPairs.Add((author.Id, original.Id)))
        {
            return false;
        }
        var reblog = new Status
        {
            Id = _ids.Next(),
            AccountId = author.Id,
            ReblogOfId = original.Id,
            Visibility = original.Visibility,
            ConversationId = original.ConversationId,
            CreatedAt = Now,
        };
        original.ReblogsCount++;
        _statuses.Add(reblog);
        FanOut(reblog, []);
        Notify(original.AccountId, author.Id, NotificationType.Reblog, original.Id);
        return true;
    }

    /// <summary>What FavouriteStatus and its notification job leave behind.</summary>
    private void Favourite()
    {
        var byMeasured = _recentInMeasuredHomeCount > 0 && _random.Next(4) == 0;
        var actor = byMeasured ? _measured : _accounts[_random.Next(_accounts.Count)];
        var status = byMeasured ? _recentInMeasuredHome[_random.Next(_recentInMeasuredHomeCount)] : _recentPublic[_random.Next(_recentPublicCount)];
        if (status is null || !_favouritePairs.Add((actor.Id, status.Id)))
        {
            return;
        }
        _favourites.Add(new Favourite { Id = _ids.Next(), AccountId = actor.Id, StatusId = status.Id, CreatedAt = Now });
        status.FavouritesCount++;
        if (status.AccountId != actor.Id)
        {
            Notify(status.AccountId, actor.Id, NotificationType.Favourite, status.Id);
        }
    }

    /// <summary>The author's own copy (written with the post) plus the fan-out job's rows, by its rules.</summary>
    private void FanOut(Status status, HashSet<long> mentioned)
    {
        AddToHome(status.AccountId, status);
        if (!_followersOf.TryGetValue(status.AccountId, out var followers))
        {
            return;
        }
        foreach (var follower in followers)
        {
            if (status.Visibility == Visibility.Direct && !mentioned.Contains(follower))
            {
                continue;
            }
            if (status.InReplyToAccountId is { } repliedTo && repliedTo != status.AccountId
                && follower != repliedTo && !_followPairs.Contains((follower, repliedTo)))
            {
                continue;
            }
            AddToHome(follower, status);
        }
    }

    private void AddToHome(long accountId, Status status)
    {
        _homeFeed.Add(new HomeFeedEntry { AccountId = accountId, StatusId = status.Id, AuthorId = status.AccountId });
        if (accountId == _measured.Id)
        {
            _measuredHomeEntries++;
            var content = status.ReblogOfId is { } originalId ? _statusesById[originalId] : status;
            if (content.AccountId != _measured.Id)
            {
                RememberRecent(_recentInMeasuredHome, ref _recentInMeasuredHomeCount, content);
            }
        }
    }

    private void RememberRecent(Status[] ring, ref int count, Status status)
    {
        if (count < ring.Length)
        {
            ring[count++] = status;
        }
        else
        {
            ring[_random.Next(ring.Length)] = status;
        }
    }

    /// <summary>The notification job's rule: one notification per cause (blocks and mutes do not occur in this data set).</summary>
    private void Notify(long recipientId, long fromId, NotificationType type, long? statusId)
    {
        if (!_notificationKeys.Add((recipientId, fromId, type, statusId)))
        {
            return;
        }
        _notifications.Add(new Notification { Id = _ids.Next(), AccountId = recipientId, FromAccountId = fromId, Type = type, StatusId = statusId, CreatedAt = Now });
    }

    private async Task WriteAsync<T>(IReadOnlyCollection<T> rows, CancellationToken cancellationToken) where T : class
    {
        var stopwatch = Stopwatch.StartNew();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await new BulkWriter(db).InsertAsync(rows, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        log.WriteLine($"    {typeof(T).Name}: {rows.Count:N0} rows in {stopwatch.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>Accounts were written before their posts existed (mentions resolve against them), so their counters follow now.</summary>
    private async Task WriteCountersAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var account in _accounts.Where(a => a.StatusesCount > 0 || a.FollowersCount > 0 || a.FollowingCount > 0))
        {
            await db.Accounts.Where(a => a.Id == account.Id).ExecuteUpdateAsync(set => set
                .SetProperty(a => a.StatusesCount, account.StatusesCount)
                .SetProperty(a => a.FollowersCount, account.FollowersCount)
                .SetProperty(a => a.FollowingCount, account.FollowingCount)
                .SetProperty(a => a.LastStatusAt, account.LastStatusAt), cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task FinishAsync(CancellationToken cancellationToken)
    {
        if (db.Kind == DatabaseKind.Postgres)
        {
            // Autovacuum would gather statistics shortly after a load this size; do it now so the first minute is not special.
            await db.Database.ExecuteSqlRawAsync("ANALYZE", cancellationToken);
        }
        else
        {
            // Leave a compact file behind: the server starts with an empty write-ahead log, as after a quiet restart.
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)", cancellationToken);
        }
    }
}
