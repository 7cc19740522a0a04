using Starling.ActivityPub.Json;
using Starling.ActivityPub.Vocabulary;

namespace Starling.ActivityPub.Tests.Json;

public sealed class MastodonActivityTests
{
    [Fact]
    public void Create_embeds_an_unlisted_note()
    {
        var create = Fixtures.Read<Create>("Mastodon/create-note.json");

        Assert.Equal("https://mastodon.example/users/alice/statuses/113503426045470860/activity", create.Id);
        Assert.Equal("https://mastodon.example/users/alice", create.Actor?.Id);
        Assert.Equal(["https://mastodon.example/users/alice/followers"], create.To.Select(r => r.Id));
        Assert.Equal([PublicCollection.Id], create.Cc.Select(r => r.Id));
        var note = Assert.IsType<Note>(create.Object?.Object);
        Assert.Equal("https://mastodon.example/users/alice/statuses/113503426045470860", create.Object?.Id);
        Assert.Equal("<p>An unlisted hello</p>", note.Content);
        Assert.Null(note.Summary);
        Assert.Null(note.InReplyTo);
        Assert.False(note.Sensitive);
        Assert.Empty(note.Tag);
        Assert.Empty(note.Attachment);
        Assert.True(note.IsPublic);
    }

    [Fact]
    public void Follow_names_the_followed_actor_by_uri()
    {
        var follow = Fixtures.Read<Follow>("Mastodon/follow.json");

        Assert.Equal("https://mastodon.example/0f5a7a0e-5ac7-4b0b-9cb8-b0a6fd3e4a5c", follow.Id);
        Assert.Equal("https://mastodon.example/users/alice", follow.Actor?.Id);
        Assert.Equal("https://other.example/users/bob", follow.Object?.Id);
        Assert.Null(follow.Object?.Object);
    }

    [Theory]
    [InlineData("Mastodon/accept.json", typeof(Accept), "https://other.example/users/bob")]
    [InlineData("Mastodon/undo-follow.json", typeof(Undo), "https://mastodon.example/users/alice")]
    public void Accept_and_undo_embed_the_follow_they_answer(string path, Type activityType, string actor)
    {
        var activity = Fixtures.Read<Activity>(path);

        Assert.IsType(activityType, activity);
        Assert.Equal(actor, activity.Actor?.Id);
        var follow = Assert.IsType<Follow>(activity.Object?.Object);
        Assert.Equal("https://mastodon.example/0f5a7a0e-5ac7-4b0b-9cb8-b0a6fd3e4a5c", follow.Id);
        Assert.Equal("https://mastodon.example/users/alice", follow.Actor?.Id);
        Assert.Equal("https://other.example/users/bob", follow.Object?.Id);
    }

    [Fact]
    public void Like_names_the_status()
    {
        var like = Fixtures.Read<Like>("Mastodon/like.json");

        Assert.Equal("https://mastodon.example/users/alice", like.Actor?.Id);
        Assert.Equal("https://other.example/users/bob/statuses/113503400000000000", like.Object?.Id);
        Assert.Null(like.Content);
    }

    [Fact]
    public void Announce_is_addressed_to_the_public_and_the_author()
    {
        var announce = Fixtures.Read<Announce>("Mastodon/announce.json");

        Assert.Equal("https://other.example/users/bob/statuses/113503400000000000", announce.Object?.Id);
        Assert.Equal(new DateTimeOffset(2024, 11, 20, 14, 0, 0, TimeSpan.Zero), announce.Published);
        Assert.True(announce.IsPublic);
        Assert.Contains(announce.Cc, r => r.Id == "https://other.example/users/bob");
    }

    [Fact]
    public void Delete_of_a_status_embeds_a_tombstone_and_ignores_the_ld_signature()
    {
        var delete = Fixtures.Read<Delete>("Mastodon/delete-note.json");

        var tombstone = Assert.IsType<Tombstone>(delete.Object?.Object);
        Assert.Equal("https://mastodon.example/users/alice/statuses/113503426045470853", tombstone.Id);
        Assert.Equal(tombstone.Id, delete.Object?.Id);
        Assert.Equal("https://mastodon.example/users/alice", delete.Actor?.Id);
    }

    [Fact]
    public void Delete_of_an_account_names_the_actor_itself()
    {
        var delete = Fixtures.Read<Delete>("Mastodon/delete-actor.json");

        Assert.Equal(delete.Actor?.Id, delete.Object?.Id);
        Assert.Equal("https://mastodon.example/users/carol", delete.Object?.Id);
    }

    [Fact]
    public void Update_of_a_profile_embeds_the_whole_actor()
    {
        var update = Fixtures.Read<Update>("Mastodon/update-actor.json");

        var person = Assert.IsType<Person>(update.Object?.Object);
        Assert.Equal("Alice (new name)", person.Name);
        Assert.Equal("", person.Summary);
        Assert.True(person.ManuallyApprovesFollowers);
        Assert.False(person.Discoverable);
        Assert.Equal("https://mastodon.example/users/alice#main-key", person.PublicKey?.Id);
        Assert.Equal("https://mastodon.example/inbox", person.PreferredInbox);
    }

    [Fact]
    public void Update_of_a_status_carries_the_edit_time()
    {
        var update = Fixtures.Read<Update>("Mastodon/update-note.json");

        var note = Assert.IsType<Note>(update.Object?.Object);
        Assert.Equal(new DateTimeOffset(2024, 11, 20, 13, 20, 0, TimeSpan.Zero), note.Updated);
        Assert.Equal("<p>Edited: the soup is gone</p>", note.Content);
    }

    [Fact]
    public void A_poll_reads_its_options_votes_and_times()
    {
        var create = Fixtures.Read<Create>("Mastodon/question.json");

        var poll = Assert.IsType<Question>(create.Object?.Object);
        Assert.False(poll.IsMultipleChoice);
        Assert.Equal(["Soup", "Salad"], poll.Options.Select(o => o.Name));
        Assert.Equal([5, 2], poll.Options.Select(Question.VotesFor));
        Assert.Equal(7, poll.VotersCount);
        Assert.Equal(new DateTimeOffset(2024, 11, 21, 16, 0, 0, TimeSpan.Zero), poll.EndTime);
        Assert.Equal(poll.EndTime, poll.Closed);
        Assert.Equal("<p>Soup or salad?</p>", poll.Content);
    }

    [Fact]
    public void A_vote_is_a_note_with_a_name_replying_to_the_poll()
    {
        var create = Fixtures.Read<Create>("Mastodon/vote.json");

        var vote = Assert.IsType<Note>(create.Object?.Object);
        Assert.Equal("Soup", vote.Name);
        Assert.Null(vote.Content);
        Assert.Equal("https://mastodon.example/users/alice/statuses/113503600000000000", vote.InReplyTo?.Id);
        Assert.Equal(["https://mastodon.example/users/alice"], vote.To.Select(r => r.Id));
        Assert.False(vote.IsPublic);
    }

    [Fact]
    public void Block_names_the_blocked_actor()
    {
        var block = Fixtures.Read<Block>("Mastodon/block.json");

        Assert.Equal("https://mastodon.example/users/alice", block.Actor?.Id);
        Assert.Equal("https://other.example/users/mallory", block.Object?.Id);
    }

    [Fact]
    public void Flag_keeps_every_reported_object_and_the_comment()
    {
        var flag = Fixtures.Read<Flag>("Mastodon/flag.json");

        Assert.Equal("https://mastodon.example/actor", flag.Actor?.Id);
        Assert.Equal("Spam, please look at these posts", flag.Content);
        Assert.Equal(
            ["https://other.example/users/mallory", "https://other.example/users/mallory/statuses/1", "https://other.example/users/mallory/statuses/2"],
            flag.Objects.Select(r => r.Id));
        Assert.Equal("https://other.example/users/mallory", flag.Object?.Id);
    }

    [Fact]
    public void Move_names_the_old_and_new_accounts()
    {
        var move = Fixtures.Read<Move>("Mastodon/move.json");

        Assert.Equal("https://mastodon.example/users/alice", move.Object?.Id);
        Assert.Equal("https://new.example/users/alice", move.Target?.Id);
    }

    [Fact]
    public void Reading_as_the_wrong_class_is_a_format_error()
    {
        var error = Assert.Throws<ActivityStreamsFormatException>(() => Fixtures.Read<Note>("Mastodon/follow.json"));
        Assert.Contains("Follow", error.Message);
    }
}
