using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Starling.Server.Features.Accounts;
using Starling.Server.Features.Moderation;
using Starling.Server.Features.Statuses;
using Starling.Server.Tests.Api;

namespace Starling.Server.Tests.Features.Media;

/// <summary>
/// Files in media storage go with what owns them: a deleted account's avatar, header and media, whether it was a person
/// here, an account another server deleted or one of a suspended server's; and a remote post's cached files with the
/// post. Another account's files stay.
/// </summary>
public abstract class DeletedOwnersFilesTests(TestDatabase database) : IntegrationTest(database)
{
    [Fact]
    public async Task A_deleted_local_accounts_pictures_and_media_are_removed_and_another_accounts_stay()
    {
        var app = await StartAsync();
        var world = await app.World().Users("alice", "bob").BuildAsync();
        using var client = new ApiClient(app);
        var alice = await client.UserTokenAsync("alice", "read write");
        var bob = await client.UserTokenAsync("bob", "read write");
        await SetPicturesAsync(client, alice);
        await PostPictureAsync(client, alice);
        // One upload not posted yet, and a video still waiting to be processed, kept as it arrived.
        await UploadAsync(client, alice, TestMedia.Jpeg(800, 600), "image/jpeg", "later.jpg", HttpStatusCode.OK);
        await UploadAsync(client, alice, TestMedia.WebM(320, 240, 1), "video/webm", "clip.webm", HttpStatusCode.Accepted);
        await SetPicturesAsync(client, bob);
        await PostPictureAsync(client, bob);
        var alicesFiles = await FilesOfAsync(app, world.Id("alice"));
        var bobsFiles = await FilesOfAsync(app, world.Id("bob"));
        // Avatar, header, two pictures with their previews and the waiting video; avatar, header, a picture and its preview.
        Assert.Equal((7, 4), (alicesFiles.Count, bobsFiles.Count));
        Assert.Contains(alicesFiles, path => path.EndsWith(".upload", StringComparison.Ordinal));
        Assert.Equal(alicesFiles.Concat(bobsFiles).Order(), StoredFiles(app));

        await app.UseAsync<AdministerAccount>(a => a.DeleteAsync("alice"));

        Assert.False(await app.DbAsync(db => db.Accounts.AnyAsync(a => a.Id == world.Id("alice"))));
        Assert.Equal(bobsFiles, StoredFiles(app));
    }

    [Fact]
    public async Task An_account_deleted_on_its_server_takes_its_posts_cached_files_and_pictures_with_it()
    {
        var (home, remote, bobsFiles) = await RemotePostCachedAsync();

        Assert.True(await home.UseAsync<DeleteRemoteAccount, bool>(d => d.DeleteAsync(remote.AccountId, CancellationToken.None)));

        Assert.False(await home.DbAsync(db => db.MediaAttachments.AnyAsync(m => m.AccountId == remote.AccountId)));
        Assert.Equal(bobsFiles, StoredFiles(home));
    }

    [Fact]
    public async Task A_suspended_server_is_purged_with_its_posts_cached_files()
    {
        var (home, _, bobsFiles) = await RemotePostCachedAsync();

        await home.UseAsync<DomainBlocks, DomainBlockSaved>(blocks => blocks.SaveAsync(new DomainBlockChange("origin.test", DomainBlockSeverity.Suspend)));
        await home.DrainJobsAsync();

        Assert.False(await home.DbAsync(db => db.Accounts.AnyAsync(a => a.Domain == "origin.test")));
        Assert.Equal(bobsFiles, StoredFiles(home));
    }

    [Fact]
    public async Task A_post_deleted_on_its_server_takes_its_cached_files_with_it_and_its_author_keeps_the_pictures()
    {
        var (home, remote, bobsFiles) = await RemotePostCachedAsync();
        var pictures = await FilesOfAsync(home, remote.AccountId, withMedia: false);
        Assert.Equal(2, pictures.Count);

        Assert.True(await home.UseAsync<ReceiveRemoteStatus, bool>(r => r.DeleteAsync(remote.AccountId, remote.StatusUri, CancellationToken.None)));

        Assert.Equal(pictures.Concat(bobsFiles).Order(), StoredFiles(home));
    }

    /// <summary>
    /// Alice on origin.test, with a picture and a header, posts a picture; Bob's Starling at home.test looks the post up
    /// and keeps copies of her pictures and the post's file, beside Bob's own pictures and media.
    /// </summary>
    private async Task<(TestInstance Home, (long AccountId, string StatusUri) Alice, List<string> BobsFiles)> RemotePostCachedAsync()
    {
        var network = StartNetwork();
        var origin = await network.StartAsync("origin.test");
        var home = await network.StartAsync("home.test");
        await origin.World().Users("alice").BuildAsync();
        var world = await home.World().Users("bob").BuildAsync();
        using var there = new ApiClient(origin);
        var alice = await there.UserTokenAsync("alice", "read write");
        await SetPicturesAsync(there, alice);
        var posted = await PostPictureAsync(there, alice);
        using var here = new ApiClient(home);
        var bob = await here.UserTokenAsync("bob", "read write");
        await SetPicturesAsync(here, bob);
        await PostPictureAsync(here, bob);
        var bobsFiles = await FilesOfAsync(home, world.Id("bob"));

        var statusUri = posted.GetProperty("uri").GetString()!;
        var found = await ApiClient.ReadJsonAsync(await here.GetAsync("/api/v2/search?resolve=true&type=statuses&q=" + Uri.EscapeDataString(statusUri), bob),
            HttpStatusCode.OK);
        var accountId = long.Parse(Assert.Single(found.GetProperty("statuses").EnumerateArray()).GetProperty("account").GetProperty("id").GetString()!,
            System.Globalization.CultureInfo.InvariantCulture);
        await home.DrainJobsAsync();
        Assert.Equal(1, await home.DrainMediaAsync());
        var alicesFiles = await FilesOfAsync(home, accountId);
        // Her avatar and header, the post's picture and its preview.
        Assert.Equal(4, alicesFiles.Count);
        Assert.Equal(alicesFiles.Concat(bobsFiles).Order(), StoredFiles(home));
        return (home, (accountId, statusUri), bobsFiles);
    }

    private static async Task SetPicturesAsync(ApiClient client, string token)
    {
        var form = new MultipartFormDataContent { { File(TestMedia.Jpeg(600, 600), "image/jpeg"), "avatar", "me.jpg" }, { File(TestMedia.Jpeg(1500, 500), "image/jpeg"), "header", "view.jpg" } };
        var account = await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Patch, "/api/v1/accounts/update_credentials", token, form), HttpStatusCode.OK);
        Assert.Contains("/system/accounts/avatars/", account.GetProperty("avatar").GetString());
    }

    private static async Task<JsonElement> PostPictureAsync(ApiClient client, string token)
    {
        var media = await UploadAsync(client, token, TestMedia.Jpeg(1200, 800), "image/jpeg", "view.jpg", HttpStatusCode.OK);
        return await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Post, "/api/v1/statuses", token,
            ApiClient.Json(new { status = "Look", media_ids = new[] { media.GetProperty("id").GetString() } })), HttpStatusCode.OK);
    }

    private static async Task<JsonElement> UploadAsync(ApiClient client, string token, byte[] bytes, string contentType, string name, HttpStatusCode expected) =>
        await ApiClient.ReadJsonAsync(await client.SendAsync(HttpMethod.Post, "/api/v2/media", token,
            new MultipartFormDataContent { { File(bytes, contentType), "file", name } }), expected);

    private static ByteArrayContent File(byte[] bytes, string contentType) => new(bytes) { Headers = { ContentType = new MediaTypeHeaderValue(contentType) } };

    /// <summary>What the database says media storage keeps for the account, in order.</summary>
    private static Task<List<string>> FilesOfAsync(TestInstance app, long accountId, bool withMedia = true) => app.DbAsync(async db =>
    {
        var account = await db.Accounts.Where(a => a.Id == accountId).Select(a => new { a.AvatarFilePath, a.HeaderFilePath }).SingleAsync();
        var media = withMedia
            ? await db.MediaAttachments.Where(m => m.AccountId == accountId).Select(m => new { m.FilePath, m.PreviewFilePath }).ToListAsync()
            : [];
        return new[] { account.AvatarFilePath, account.HeaderFilePath }.Concat(media.SelectMany(m => new[] { m.FilePath, m.PreviewFilePath }))
            .OfType<string>().Where(path => path.Length > 0).Order().ToList();
    });

    /// <summary>The files in media storage, as paths inside it, in order.</summary>
    private static List<string> StoredFiles(TestInstance app)
    {
        var folder = Path.Combine(app.Storage.DataDirectory, "media");
        return Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).Order()]
            : [];
    }

    public sealed class Sqlite() : DeletedOwnersFilesTests(TestDatabase.Sqlite);

    public sealed class Postgres() : DeletedOwnersFilesTests(TestDatabase.Postgres);
}
