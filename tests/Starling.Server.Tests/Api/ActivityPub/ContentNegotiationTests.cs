using System.Net;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Tests.Web;
using Note = Starling.ActivityPub.Vocabulary.Note;

namespace Starling.Server.Tests.Api.ActivityPub;

/// <summary>
/// One address, two readers: servers asking for ActivityStreams get the document at the web page's address, browsers
/// opening an ActivityPub address get sent to the page, and neither ever gets what the other asked for (not from the
/// page cache either).
/// </summary>
public abstract class ContentNegotiationTests(TestDatabase database) : IntegrationTest(database)
{
    [Theory]
    [InlineData(DocumentFetcher.ActivityJson)]
    [InlineData(DocumentFetcher.LdJsonProfile)]
    [InlineData("application/ld+json")]
    [InlineData(DocumentFetcher.MastodonAccept)]
    public async Task Servers_get_documents_at_the_web_pages_addresses(string accept)
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var client = new DocumentFetcher(app);
        var id = world.Status("alice_public").Id;

        var actor = await client.GetAsync<Person>("/@alice", accept: accept);
        var note = await client.GetAsync<Note>($"/@alice/{id}", accept: accept);

        Assert.Equal("https://starling.test/users/alice", actor.Document.Id);
        Assert.Equal($"https://starling.test/users/alice/statuses/{id}", note.Document.Id);
        Assert.Contains("Accept", actor.Vary);
        Assert.Contains("Accept", note.Vary);
    }

    [Fact]
    public async Task Browsers_still_get_the_web_pages_and_are_told_they_depend_on_accept()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var client = new DocumentFetcher(app);
        var id = world.Status("alice_public").Id;

        foreach (var path in new[] { "/@alice", $"/@alice/{id}", "/@alice/with_replies", "/@alice/followers" })
        {
            using var page = await client.SendAsync(path, DocumentFetcher.BrowserAccept);
            Assert.True(page.StatusCode == HttpStatusCode.OK, $"{path}: {(int)page.StatusCode}");
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith("<!doctype html>", await page.Content.ReadAsStringAsync());
        }
        using var status = await client.SendAsync($"/@alice/{id}", DocumentFetcher.BrowserAccept);
        Assert.Contains("Hello from ", await status.Content.ReadAsStringAsync());
        using var profile = await client.SendAsync("/@alice", DocumentFetcher.BrowserAccept);
        Assert.Contains("Accept", profile.Headers.Vary);
        // No Accept header at all, as from curl: the page, as before.
        using var plain = await client.SendAsync("/@alice", accept: null);
        Assert.Equal("text/html", plain.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Browsers_opening_activitypub_addresses_are_sent_to_the_pages()
    {
        var (app, world) = await StartWithStandardWorldAsync();
        using var client = new DocumentFetcher(app);
        var id = world.Status("alice_public").Id;

        foreach (var (path, page) in new[]
        {
            ("/users/alice", "https://starling.test/@alice"),
            ($"/users/alice/statuses/{id}", $"https://starling.test/@alice/{id}"),
            ("/users/alice/followers", "https://starling.test/@alice/followers"),
            ("/users/alice/following", "https://starling.test/@alice/following"),
        })
        {
            using var response = await client.SendAsync(path, DocumentFetcher.BrowserAccept);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(page, response.Headers.Location?.ToString());
            Assert.Contains("Accept", response.Headers.Vary);
        }
        // Without a preference for HTML the document is served, as every fetcher expects.
        var anything = await client.GetAsync<Person>("/users/alice", accept: "*/*");
        Assert.Contains("Accept", anything.Vary);
        await client.GetAsync<Person>("/users/alice", accept: "application/json");
    }

    [Fact]
    public async Task Documents_may_be_read_from_any_origin()
    {
        var (app, _) = await StartWithStandardWorldAsync();
        using var client = new DocumentFetcher(app);

        foreach (var path in new[] { "/users/alice", "/@alice", "/users/alice/outbox", "/actor" })
        {
            using var response = await client.SendAsync(path);
            Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        }
    }

    [Fact]
    public async Task The_page_cache_never_answers_a_server()
    {
        var (app, _) = await StartWithStandardWorldAsync();
        using var bob = new WebSession(app);
        await bob.SignInAsync("bob");
        await bob.GetAsync("/public/local");
        Assert.True((await bob.GetAsync("/public/local")).FromCache);

        var asked = await bob.GetAsync("/public/local", DocumentFetcher.ActivityJson);
        var again = await bob.GetAsync("/public/local");

        Assert.False(asked.FromCache);
        Assert.True(again.FromCache);
    }

    [Fact]
    public async Task A_document_and_a_page_at_one_address_never_stand_in_for_each_other()
    {
        var (app, _) = await StartWithStandardWorldAsync();
        using var client = new DocumentFetcher(app);

        for (var round = 0; round < 2; round++)
        {
            await client.GetAsync<Person>("/@alice");
            using var page = await client.SendAsync("/@alice", DocumentFetcher.BrowserAccept);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        }
    }

    public sealed class Sqlite() : ContentNegotiationTests(TestDatabase.Sqlite);
    public sealed class Postgres() : ContentNegotiationTests(TestDatabase.Postgres);
}
