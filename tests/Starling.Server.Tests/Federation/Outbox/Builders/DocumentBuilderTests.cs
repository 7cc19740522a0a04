using Starling.ActivityPub.Json;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Features.Accounts;
using Starling.Server.Features.Polls;
using Starling.Server.Features.Statuses;
using Starling.Server.Federation.Outbox;
using Starling.Server.Federation.Outbox.Builders;
using Starling.Server.Federation.Security;
using Starling.Server.Infrastructure.Ids;
using Starling.Server.Tests.Api.ActivityPub;
using Note = Starling.ActivityPub.Vocabulary.Note;

namespace Starling.Server.Tests.Federation.Outbox.Builders;

/// <summary>
/// The builders on real data, each document fixed by a golden file and read back by our own reader into the expected
/// type. Times run on a fake clock so the update ids (which carry a Unix time) are the same on every run.
/// </summary>
public abstract class DocumentBuilderTests(TestDatabase database) : IntegrationTest(database)
{
    [Fact]
    public async Task A_person_with_bio_fields_and_key()
    {
        var (app, world) = await ArrangeAsync();
        var actor = await BuildActorAsync(app, world.Id("alice"));

        var json = ActivityStreamsJson.Serialize(actor);
        DocumentGolden.AssertMatches(json, "Actor.json");
        var read = ActivityStreamsJson.Deserialize<Person>(json);
        var key = await app.DbAsync(db => db.AccountKeys.SingleAsync(k => k.AccountId == world.Id("alice")));
        Assert.Equal(key.PublicKeyPem, read.PublicKey?.PublicKeyPem);
        Assert.Equal(read.Id, read.PublicKey?.Owner);
        Assert.Equal("https://starling.test/users/alice#main-key", read.PublicKey?.Id);
        Assert.Equal(["Website", "Pronouns"], read.Attachment.OfType<PropertyValue>().Select(p => p.Name));
    }

    [Fact]
    public async Task A_bot_is_a_service_and_a_locked_account_approves_followers()
    {
        var (app, world) = await ArrangeAsync();
        await app.UseAsync<UpdateProfile, Account>(u => u.UpdateAsync(world.Id("bob"), new ProfileChanges(Bot: true, Locked: true)));

        var actor = await BuildActorAsync(app, world.Id("bob"));

        var read = ActivityStreamsJson.Deserialize<Service>(ActivityStreamsJson.Serialize(actor));
        Assert.True(read.ManuallyApprovesFollowers);
        Assert.Equal("bob", read.Name);
    }

    [Fact]
    public async Task A_suspended_account_says_so_and_withholds_its_profile()
    {
        var (app, world) = await ArrangeAsync();
        await app.UseAsync<AdministerAccount>(a => a.SuspendAsync("alice"));

        var actor = await BuildActorAsync(app, world.Id("alice"));

        var read = ActivityStreamsJson.Deserialize<Person>(ActivityStreamsJson.Serialize(actor));
        Assert.True(read.Suspended);
        Assert.Equal("alice", read.Name);
        Assert.Equal("", read.Summary);
        Assert.Empty(read.Attachment);
        Assert.False(read.Discoverable);
        Assert.NotNull(read.PublicKey);
    }

    [Fact]
    public async Task The_instance_actor()
    {
        var (app, _) = await ArrangeAsync();
        var key = await app.UseAsync<AccountKeys, ServerKey>(k => k.ForInstanceActorAsync(CancellationToken.None));

        var json = ActivityStreamsJson.Serialize(app.Services.GetRequiredService<ActorBuilder>().BuildInstanceActor(key));

        DocumentGolden.AssertMatches(json, "InstanceActor.json");
        var read = ActivityStreamsJson.Deserialize<Application>(json);
        Assert.Equal(key.PublicKeyPem, read.PublicKey?.PublicKeyPem);
        Assert.Equal("starling.test", read.PreferredUsername);
    }

    [Fact]
    public async Task A_public_reply_with_mentions_hashtag_warning_language_media_and_self_replies()
    {
        var (app, world) = await ArrangeAsync();
        var carol = await Starling.Server.Tests.Api.ActivityPub.RemoteActors.AddAsync(app, "carol");
        var note = await PostAsync(app, world.Id("alice"), new StatusDraft("Hello @bob and @carol@remote.example, welcome to #Starling",
            SpoilerText: "A greeting", Language: "en", InReplyToId: world.Status("bob_hello").Id));
        await Starling.Server.Tests.Api.ActivityPub.RemoteActors.MentionAsync(app, note.Id, carol.Id);
        await AddMediaAsync(app, note);
        await PostAsync(app, world.Id("alice"), new StatusDraft("And one more thing", InReplyToId: note.Id));
        await PostAsync(app, world.Id("alice"), new StatusDraft("A private afterthought", Visibility: Visibility.Private, InReplyToId: note.Id));
        await PostAsync(app, world.Id("bob"), new StatusDraft("Thanks!", InReplyToId: note.Id));

        var json = ActivityStreamsJson.Serialize(await BuildNoteAsync(app, note.Id));

        DocumentGolden.AssertMatches(json, "PublicNote.json");
        var read = ActivityStreamsJson.Deserialize<Note>(json);
        Assert.Equal("A greeting", read.Summary);
        Assert.True(read.Sensitive);
        Assert.Equal(read.Content, read.ContentMap?["en"]);
        Assert.Equal($"https://starling.test/users/bob/statuses/{world.Status("bob_hello").Id}", read.InReplyTo?.Id);
        Assert.Equal(["@bob@starling.test", "@carol@remote.example"], read.Tag.OfType<Starling.ActivityPub.Vocabulary.Mention>().Select(m => m.Name));
        Assert.Equal(["#Starling"], read.Tag.OfType<Hashtag>().Select(m => m.Name));
        var replies = Assert.IsType<Collection>(read.Replies?.Object);
        // Only the author's own public reply is listed inline; the private one and bob's are not.
        Assert.Single(Assert.IsType<CollectionPage>(replies.First?.Object).Items);
    }

    [Fact]
    public async Task A_note_without_language_or_warning_leaves_them_out()
    {
        var (app, world) = await ArrangeAsync();

        var json = ActivityStreamsJson.Serialize(await BuildNoteAsync(app, world.Status("bob_hello").Id));

        var read = ActivityStreamsJson.Deserialize<Note>(json);
        Assert.Null(read.Summary);
        Assert.Null(read.ContentMap);
        Assert.Null(read.InReplyTo);
        Assert.DoesNotContain("\"summary\"", json);
        Assert.DoesNotContain("\"updated\"", json);
        Assert.False(read.Sensitive);
        var first = Assert.IsType<CollectionPage>(Assert.IsType<Collection>(read.Replies?.Object).First?.Object);
        Assert.EndsWith("/replies?page=true&only_other_accounts=true", first.Next?.Id);
    }

    [Fact]
    public async Task A_poll_is_a_question_with_its_tallies_then_closed()
    {
        var (app, world) = await ArrangeAsync();
        var poll = await PostAsync(app, world.Id("alice"), new StatusDraft("Tea or coffee?", Poll: new PollDraft(["Tea", "Coffee", "Neither"], 3600)));
        var pollId = await app.DbAsync(db => db.Polls.Where(p => p.StatusId == poll.Id).Select(p => p.Id).SingleAsync());
        await app.UseAsync<VotePoll, Poll>(v => v.VoteAsync(world.Id("bob"), pollId, [1]));

        var json = ActivityStreamsJson.Serialize(await BuildNoteAsync(app, poll.Id));

        DocumentGolden.AssertMatches(json, "Question.json");
        var open = ActivityStreamsJson.Deserialize<Question>(json);
        Assert.False(open.IsMultipleChoice);
        Assert.Equal([0, 1, 0], open.OneOf.Select(Question.VotesFor));
        Assert.Null(open.Closed);

        app.AdvanceTime(TimeSpan.FromHours(2));
        var closed = ActivityStreamsJson.Deserialize<Question>(ActivityStreamsJson.Serialize(await BuildNoteAsync(app, poll.Id)));
        Assert.Equal(closed.EndTime, closed.Closed);
    }

    [Fact]
    public async Task A_poll_with_hidden_totals_keeps_them_until_it_ends()
    {
        var (app, world) = await ArrangeAsync();
        var poll = await PostAsync(app, world.Id("alice"), new StatusDraft("Which?", Poll: new PollDraft(["A", "B"], 3600, Multiple: true, HideTotals: true)));

        var open = ActivityStreamsJson.Deserialize<Question>(ActivityStreamsJson.Serialize(await BuildNoteAsync(app, poll.Id)));
        Assert.True(open.IsMultipleChoice);
        Assert.All(open.AnyOf, option => Assert.Null(((Collection)option.Replies!.Object!).TotalItems));

        app.AdvanceTime(TimeSpan.FromHours(2));
        var ended = ActivityStreamsJson.Deserialize<Question>(ActivityStreamsJson.Serialize(await BuildNoteAsync(app, poll.Id)));
        Assert.All(ended.AnyOf, option => Assert.Equal(0, ((Collection)option.Replies!.Object!).TotalItems));
    }

    [Fact]
    public async Task Create_update_delete_announce_and_undo()
    {
        var (app, world) = await ArrangeAsync();
        var noteId = world.Status("bob_hello").Id;
        var boost = await app.UseAsync<ReblogStatus, Status>(r => r.ReblogAsync(world.Id("alice"), noteId));
        var activities = app.Services.GetRequiredService<StatusActivityBuilder>();

        var create = activities.Create(await LoadAsync(app, noteId));
        DocumentGolden.AssertMatches(ActivityStreamsJson.Serialize(create), "Create.json");
        Assert.IsType<Note>(ActivityStreamsJson.Deserialize<Create>(ActivityStreamsJson.Serialize(create)).Object?.Object);

        app.AdvanceTime(TimeSpan.FromMinutes(5));
        await app.UseAsync<EditStatus, Status>(e => e.EditAsync(world.Id("bob"), noteId, new StatusEditDraft("Hello, edited")));
        var update = activities.Update(await LoadAsync(app, noteId));
        DocumentGolden.AssertMatches(ActivityStreamsJson.Serialize(update), "Update.json");
        var readUpdate = ActivityStreamsJson.Deserialize<Update>(ActivityStreamsJson.Serialize(update));
        Assert.NotNull(Assert.IsType<Note>(readUpdate.Object?.Object).Updated);

        var announce = activities.Build(await LoadAsync(app, boost.Id));
        DocumentGolden.AssertMatches(ActivityStreamsJson.Serialize(announce), "Announce.json");
        Assert.Equal($"https://starling.test/users/bob/statuses/{noteId}", ActivityStreamsJson.Deserialize<Announce>(ActivityStreamsJson.Serialize(announce)).Object?.Id);

        var undo = activities.UndoAnnounce((await LoadAsync(app, boost.Id)).Status);
        DocumentGolden.AssertMatches(ActivityStreamsJson.Serialize(undo), "UndoAnnounce.json");
        Assert.IsType<Announce>(ActivityStreamsJson.Deserialize<Undo>(ActivityStreamsJson.Serialize(undo)).Object?.Object);

        var delete = activities.Delete((await LoadAsync(app, noteId)).Status);
        DocumentGolden.AssertMatches(ActivityStreamsJson.Serialize(delete), "Delete.json");
        Assert.IsType<Starling.ActivityPub.Vocabulary.Tombstone>(ActivityStreamsJson.Deserialize<Delete>(ActivityStreamsJson.Serialize(delete)).Object?.Object);
    }

    [Fact]
    public async Task Profile_update_and_account_delete()
    {
        var (app, world) = await ArrangeAsync();
        var account = await app.DbAsync(db => db.Accounts.SingleAsync(a => a.Id == world.Id("alice")));
        var actor = await BuildActorAsync(app, account.Id);
        var builder = app.Services.GetRequiredService<ActorActivityBuilder>();

        var update = ActivityStreamsJson.Serialize(builder.Update(actor, account));
        DocumentGolden.AssertMatches(update, "ActorUpdate.json");
        Assert.IsType<Person>(ActivityStreamsJson.Deserialize<Update>(update).Object?.Object);

        var delete = ActivityStreamsJson.Serialize(builder.Delete(account));
        DocumentGolden.AssertMatches(delete, "ActorDelete.json");
        Assert.Equal(actor.Id, ActivityStreamsJson.Deserialize<Delete>(delete).Object?.Id);
    }

    private async Task<(TestInstance App, World World)> ArrangeAsync()
    {
        var app = await StartAsync(o => o with { FakeTime = true });
        var world = await app.World()
            .User("alice", displayName: "Alice Liddell")
            .User("bob")
            .Follow("bob", "alice")
            .Post("bob_hello", "bob", "Hello, fediverse")
            .BuildAsync();
        await app.UseAsync<UpdateProfile, Account>(u => u.UpdateAsync(world.Id("alice"), new ProfileChanges(
            Note: "Down the #rabbit hole with @bob",
            Fields: [new ProfileFieldInput("Website", "https://alice.example"), new ProfileFieldInput("Pronouns", "she/her")])));
        return (app, world);
    }

    private static Task<Status> PostAsync(TestInstance app, long authorId, StatusDraft draft) =>
        app.UseAsync<CreateStatus, Status>(c => c.CreateAsync(authorId, draft));

    private static async Task<Actor> BuildActorAsync(TestInstance app, long accountId)
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var account = await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == accountId);
        var source = await scope.ServiceProvider.GetRequiredService<ActorDocumentLoader>().LoadAsync(account, CancellationToken.None);
        return scope.ServiceProvider.GetRequiredService<ActorBuilder>().Build(source);
    }

    private static Task<StatusSource> LoadAsync(TestInstance app, long statusId) =>
        app.UseAsync<StatusDocumentLoader, StatusSource>(async loader => (await loader.LoadOneAsync(statusId, CancellationToken.None))!);

    private static async Task<ActivityObject> BuildNoteAsync(TestInstance app, long statusId) =>
        app.Services.GetRequiredService<NoteBuilder>().Build(await LoadAsync(app, statusId));

    [Fact]
    public async Task A_video_or_audio_file_carries_its_duration_and_a_picture_none()
    {
        var (app, world) = await ArrangeAsync();
        var note = await PostAsync(app, world.Id("alice"), new StatusDraft("Listen and watch"));
        await app.DbAsync(db =>
        {
            var now = DateTime.UtcNow;
            var ids = app.Services.GetRequiredService<IdGenerator>();
            foreach (var (type, contentType, position) in new[] { (MediaType.Video, "video/mp4", 0), (MediaType.Audio, "audio/mpeg", 1), (MediaType.Image, "image/png", 2) })
            {
                db.MediaAttachments.Add(new MediaAttachment
                {
                    Id = ids.Next(), AccountId = note.AccountId, StatusId = note.Id, Position = position, Type = type, State = MediaState.Ready,
                    ContentType = contentType, FilePath = $"2026/01/15/file{position}", DurationSeconds = 125.5, CreatedAt = now, UpdatedAt = now,
                });
            }
            return db.SaveChangesAsync();
        });

        var json = ActivityStreamsJson.Serialize(await BuildNoteAsync(app, note.Id));

        Assert.Contains("\"duration\":\"PT2M5.5S\"", json);
        var read = ActivityStreamsJson.Deserialize<Note>(json);
        Assert.Equal([TimeSpan.FromSeconds(125.5), TimeSpan.FromSeconds(125.5), null],
            read.Attachment.OfType<Document>().OrderBy(d => d.MediaType == "image/png").Select(d => d.Duration));
    }

    private static Task AddMediaAsync(TestInstance app, Status status) => app.DbAsync(async db =>
    {
        var now = DateTime.UtcNow;
        db.MediaAttachments.Add(new MediaAttachment
        {
            Id = app.Services.GetRequiredService<IdGenerator>().Next(),
            AccountId = status.AccountId,
            StatusId = status.Id,
            Type = MediaType.Image,
            State = MediaState.Ready,
            ContentType = "image/png",
            FilePath = "2026/01/15/rabbit.png",
            FileSize = 1234,
            Width = 640,
            Height = 480,
            Description = "A white rabbit with a pocket watch",
            FocusX = 0.25,
            FocusY = -0.5,
            CreatedAt = now,
            UpdatedAt = now,
        });
        await db.SaveChangesAsync();
    });

    public sealed class Sqlite() : DocumentBuilderTests(TestDatabase.Sqlite);
    public sealed class Postgres() : DocumentBuilderTests(TestDatabase.Postgres);
}
