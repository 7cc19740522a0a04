using Starling.Server.Features.Filters;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Tests.Features.Filters;

/// <summary>How a reader's filters meet the statuses loaded for them: keywords (whole words or anywhere), listed statuses, contexts, expiry.</summary>
public abstract class FilterMatcherTests(TestDatabase database) : IntegrationTest(database)
{
    private static Task<Filter> AddFilterAsync(TestInstance app, long accountId, string title, FilterContexts contexts = FilterContexts.All,
        FilterAction action = FilterAction.Warn, TimeSpan? expiresIn = null, params (string Keyword, bool WholeWord)[] keywords) =>
        app.UseAsync<ManageFilters, Filter>(manage => manage.CreateAsync(accountId, new FilterChanges
        {
            Title = title,
            Contexts = contexts,
            Action = action,
            ChangeExpiry = expiresIn is not null,
            ExpiresIn = expiresIn,
            Keywords = keywords.Select(k => new KeywordChange(null, k.Keyword, k.WholeWord)).ToList(),
        }));

    private static async Task<IReadOnlyDictionary<long, IReadOnlyList<FilterMatch>>> MatchAsync(TestInstance app, World world, string reader,
        FilterContexts context, params string[] statuses)
    {
        var viewer = world.Id(reader);
        var views = await app.UseAsync<StatusLoader, IReadOnlyList<StatusView>>(loader =>
            loader.LoadAsync(statuses.Select(s => world.Status(s).Id).ToList(), viewer, default));
        return await app.UseAsync<FilterMatcher, IReadOnlyDictionary<long, IReadOnlyList<FilterMatch>>>(matcher => matcher.MatchAsync(viewer, context, views));
    }

    private static IReadOnlyList<string>? KeywordMatches(IReadOnlyDictionary<long, IReadOnlyList<FilterMatch>> matches, World world, string status) =>
        matches.GetValueOrDefault(world.Status(status).Id)?.SingleOrDefault()?.KeywordMatches;

    [Fact]
    public async Task A_whole_word_keyword_matches_words_and_not_parts_of_words_in_any_case()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob")
            .Post("word", "alice", "A cat sat on the mat")
            .Post("shouted", "alice", "CAT!")
            .Post("inside", "alice", "Let us concatenate strings")
            .BuildAsync();
        await AddFilterAsync(app, world.Id("bob"), "Cats", keywords: [("cat", true)]);

        var matches = await MatchAsync(app, world, "bob", FilterContexts.Home, "word", "shouted", "inside");

        Assert.Equal(["cat"], KeywordMatches(matches, world, "word"));
        Assert.Equal(["CAT"], KeywordMatches(matches, world, "shouted"));
        Assert.False(matches.ContainsKey(world.Status("inside").Id));
    }

    [Fact]
    public async Task A_keyword_that_is_not_a_whole_word_matches_inside_words()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Post("inside", "alice", "Let us concatenate strings").BuildAsync();
        await AddFilterAsync(app, world.Id("bob"), "Cats anywhere", keywords: [("Cat", false)]);

        var matches = await MatchAsync(app, world, "bob", FilterContexts.Public, "inside");

        Assert.Equal(["cat"], KeywordMatches(matches, world, "inside"));
        Assert.Null(matches[world.Status("inside").Id].Single().StatusMatches);
    }

    [Fact]
    public async Task Whole_word_keywords_that_begin_or_end_with_punctuation_still_match_beside_it()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob")
            .Post("tagged", "alice", "Hello from #starling, world")
            .Post("longer_tag", "alice", "All about #starlingdev")
            .Post("language", "alice", "I like c++.")
            .Post("glued", "alice", "abc++ is not it")
            .BuildAsync();
        await AddFilterAsync(app, world.Id("bob"), "Tags", keywords: [("#starling", true), ("c++", true)]);

        var matches = await MatchAsync(app, world, "bob", FilterContexts.Home, "tagged", "longer_tag", "language", "glued");

        Assert.Equal(["#starling"], KeywordMatches(matches, world, "tagged"));
        Assert.Equal(["c++"], KeywordMatches(matches, world, "language"));
        Assert.False(matches.ContainsKey(world.Status("longer_tag").Id));
        Assert.False(matches.ContainsKey(world.Status("glued").Id));
    }

    [Fact]
    public async Task The_content_warning_and_media_descriptions_are_matched_too()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob")
            .Post("warned", "alice", "Nothing to see in the text", contentWarning: "Finale spoilers")
            .Post("pictured", "alice", "Look at this")
            .BuildAsync();
        await app.DbAsync(async db =>
        {
            db.MediaAttachments.Add(new MediaAttachment
            {
                Id = world.Status("pictured").Id + 1, AccountId = world.Id("alice"), StatusId = world.Status("pictured").Id,
                Type = MediaType.Image, State = MediaState.Ready, ContentType = "image/png", FilePath = "attachments/1/a.png",
                Description = "A screenshot of the finale",
            });
            await db.SaveChangesAsync();
        });
        await AddFilterAsync(app, world.Id("bob"), "Finale", keywords: [("finale", true)]);

        var matches = await MatchAsync(app, world, "bob", FilterContexts.Home, "warned", "pictured");

        Assert.Equal(["Finale"], KeywordMatches(matches, world, "warned"));
        Assert.Equal(["finale"], KeywordMatches(matches, world, "pictured"));
    }

    [Fact]
    public async Task Only_filters_for_the_context_apply()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Post("post", "alice", "Election news").BuildAsync();
        await AddFilterAsync(app, world.Id("bob"), "Politics at home", FilterContexts.Home, keywords: [("election", true)]);

        Assert.NotEmpty(await MatchAsync(app, world, "bob", FilterContexts.Home, "post"));
        Assert.NotEmpty(await MatchAsync(app, world, "bob", FilterContexts.Home | FilterContexts.Thread, "post"));
        Assert.Empty(await MatchAsync(app, world, "bob", FilterContexts.Public, "post"));
        Assert.Empty(await MatchAsync(app, world, "bob", FilterContexts.Thread, "post"));
    }

    [Fact]
    public async Task An_expired_filter_no_longer_applies()
    {
        var app = await StartAsync(o => o with { FakeTime = true });
        var world = await app.World().Users("alice", "bob").Post("post", "alice", "Match day today").BuildAsync();
        await AddFilterAsync(app, world.Id("bob"), "Football", expiresIn: TimeSpan.FromHours(1), keywords: [("match day", true)]);
        Assert.NotEmpty(await MatchAsync(app, world, "bob", FilterContexts.Home, "post"));

        app.AdvanceTime(TimeSpan.FromHours(2));

        Assert.Empty(await MatchAsync(app, world, "bob", FilterContexts.Home, "post"));
    }

    [Fact]
    public async Task A_boost_is_filtered_by_the_boosted_text_under_both_ids_and_the_readers_own_posts_never_are()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol")
            .Post("post", "alice", "Crypto to the moon")
            .Boost("boost", "carol", "post")
            .Post("own", "bob", "My own crypto thoughts")
            .Boost("boost_of_own", "carol", "own")
            .BuildAsync();
        await AddFilterAsync(app, world.Id("bob"), "Crypto", keywords: [("crypto", true)]);

        var matches = await MatchAsync(app, world, "bob", FilterContexts.Home, "boost", "own");
        var boostOfOwn = await MatchAsync(app, world, "bob", FilterContexts.Home, "boost_of_own");

        Assert.Equal("Crypto", Assert.Single(matches[world.Status("boost").Id]).Filter.Title);
        Assert.Same(matches[world.Status("boost").Id], matches[world.Status("post").Id]);
        Assert.False(matches.ContainsKey(world.Status("own").Id));
        // Boosted by someone else, the reader's own words are filtered like anyone's, as on Mastodon.
        Assert.True(boostOfOwn.ContainsKey(world.Status("boost_of_own").Id));
    }

    [Fact]
    public async Task A_listed_status_matches_itself_and_its_boosts_whatever_its_text()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob", "carol")
            .Post("post", "alice", "An ordinary post")
            .Boost("boost", "carol", "post")
            .Post("other", "alice", "Another ordinary post")
            .BuildAsync();
        var filter = await AddFilterAsync(app, world.Id("bob"), "This thread", action: FilterAction.Hide);
        await app.UseAsync<ManageFilterStatuses>(statuses => statuses.AddAsync(world.Id("bob"), filter.Id, world.Status("post").Id));

        var matches = await MatchAsync(app, world, "bob", FilterContexts.Home, "post", "boost", "other");

        var direct = Assert.Single(matches[world.Status("post").Id]);
        Assert.Equal([world.Status("post").Id], direct.StatusMatches);
        Assert.Null(direct.KeywordMatches);
        Assert.Equal(FilterAction.Hide, direct.Filter.Action);
        Assert.Equal([world.Status("post").Id], Assert.Single(matches[world.Status("boost").Id]).StatusMatches);
        Assert.False(matches.ContainsKey(world.Status("other").Id));
    }

    [Fact]
    public async Task Several_filters_each_report_their_own_match_with_their_keywords_loaded()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Post("post", "alice", "Rain and snow all week").BuildAsync();
        await AddFilterAsync(app, world.Id("bob"), "Rain", keywords: [("rain", true), ("drizzle", true)]);
        await AddFilterAsync(app, world.Id("bob"), "Snow", action: FilterAction.Hide, keywords: [("snow", true)]);
        await AddFilterAsync(app, world.Id("alice"), "Not bob's", keywords: [("rain", false)]);

        var matches = (await MatchAsync(app, world, "bob", FilterContexts.Home, "post"))[world.Status("post").Id];

        Assert.Equal(["Rain", "Snow"], matches.Select(m => m.Filter.Title));
        Assert.Equal(["rain", "drizzle"], matches[0].Filter.Keywords.Select(k => k.Keyword));
    }

    [Fact]
    public async Task A_reader_without_filters_or_an_anonymous_one_gets_nothing()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").Post("post", "alice", "Anything at all").BuildAsync();
        await AddFilterAsync(app, world.Id("alice"), "Alice's", keywords: [("anything", true)]);
        var views = await app.UseAsync<StatusLoader, IReadOnlyList<StatusView>>(loader => loader.LoadAsync([world.Status("post").Id], null, default));

        Assert.Empty(await MatchAsync(app, world, "bob", FilterContexts.All, "post"));
        Assert.Empty(await app.UseAsync<FilterMatcher, IReadOnlyDictionary<long, IReadOnlyList<FilterMatch>>>(m => m.MatchAsync(null, FilterContexts.All, views)));
    }

    public sealed class Sqlite() : FilterMatcherTests(TestDatabase.Sqlite);

    public sealed class Postgres() : FilterMatcherTests(TestDatabase.Postgres);
}
