using Starling.Server.Api.Entities;

namespace Starling.Server.Tests.Api.Entities;

/// <summary>
/// Entities whose features arrive later (polls, scheduled posts, filters, link previews, media, lists) have their shape
/// fixed here from hand-made values, so the endpoints that fill them send the documented fields and nulls.
/// </summary>
public sealed class EntityShapeTests
{
    private static readonly DateTime At = new(2026, 1, 15, 12, 0, 0, DateTimeKind.Utc);

    private static FilterEntity Filter => new()
    {
        Id = "3",
        Title = "Spoilers",
        Context = ["home", "public"],
        ExpiresAt = null,
        FilterAction = "warn",
        Keywords = [new FilterKeywordEntity { Id = "4", Keyword = "ending", WholeWord = true }],
        Statuses = [new FilterStatusEntity { Id = "5", StatusId = "6" }],
    };

    [Fact]
    public void Polls_with_and_without_a_viewer() => EntityJson.AssertGolden(new
    {
        anonymous = new PollEntity
        {
            Id = "1",
            ExpiresAt = At,
            Expired = false,
            Multiple = false,
            VotesCount = 3,
            VotersCount = null,
            Options = [new PollOptionEntity { Title = "Yes", VotesCount = 2 }, new PollOptionEntity { Title = "No", VotesCount = 1 }],
            Emojis = [],
        },
        signed_in = new PollEntity
        {
            Id = "2",
            ExpiresAt = null,
            Expired = true,
            Multiple = true,
            VotesCount = 0,
            VotersCount = 0,
            Options = [new PollOptionEntity { Title = "Hidden until the end", VotesCount = null }],
            Emojis = [],
            Voted = true,
            OwnVotes = [0],
        },
    }, "Shapes.Poll.json");

    [Fact]
    public void Filters_and_what_a_status_matched() => EntityJson.AssertGolden(new
    {
        filter = Filter,
        result = new FilterResultEntity { Filter = Filter, KeywordMatches = ["ending"], StatusMatches = null },
    }, "Shapes.Filter.json");

    [Fact]
    public void A_scheduled_status_keeps_the_parameters_left_out_as_null() => EntityJson.AssertGolden(new ScheduledStatusEntity
    {
        Id = "7",
        ScheduledAt = At,
        Params = new ScheduledStatusParamsEntity
        {
            Text = "Later",
            Poll = new ScheduledPollParamsEntity { Options = ["a", "b"], ExpiresIn = "3600" },
            MediaIds = null,
            Sensitive = null,
            SpoilerText = null,
            Visibility = null,
            InReplyToId = null,
            Language = null,
            ApplicationId = null,
            Idempotency = null,
            WithRateLimit = false,
        },
        MediaAttachments = [],
    }, "Shapes.ScheduledStatus.json");

    [Fact]
    public void Link_previews_media_and_lists() => EntityJson.AssertGolden(new
    {
        card = new PreviewCardEntity
        {
            Url = "https://example.org/article",
            Title = "An article",
            Description = "",
            Language = null,
            Type = "link",
            Authors = [],
            AuthorName = "",
            AuthorUrl = "",
            ProviderName = "",
            ProviderUrl = "",
            Html = "",
            Width = 0,
            Height = 0,
            Image = null,
            ImageDescription = "",
            EmbedUrl = "",
            Blurhash = null,
            PublishedAt = null,
        },
        media = new MediaAttachmentEntity
        {
            Id = "8",
            Type = "image",
            Url = "https://starling.test/media/8/original.png",
            PreviewUrl = null,
            RemoteUrl = null,
            PreviewRemoteUrl = null,
            Meta = new MediaMetaEntity
            {
                Original = new MediaSizeEntity { Width = 640, Height = 480, Size = "640x480", Aspect = 640 / 480.0 },
                Focus = new MediaFocusEntity { X = -0.25, Y = 0.5 },
            },
            Description = null,
            Blurhash = null,
        },
        list = new ListEntity { Id = "9", Title = "Friends", RepliesPolicy = "list", Exclusive = false },
        emoji = new CustomEmojiEntity { Shortcode = "blobcat", Url = "https://starling.test/emoji/blobcat.png", StaticUrl = "https://starling.test/emoji/blobcat.png", VisibleInPicker = true },
    }, "Shapes.Media.json");
}
