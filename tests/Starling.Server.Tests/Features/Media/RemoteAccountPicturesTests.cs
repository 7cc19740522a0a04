using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using SkiaSharp;
using Starling.ActivityPub.Vocabulary;
using Starling.Server.Features.Accounts;
using Starling.Server.Features.Media;
using Starling.Server.Features.Moderation;
using Starling.Server.Federation.Dereferencing;
using Starling.Server.Tests.Api;
using static Starling.Server.Tests.Infrastructure.MediaProcessing.EncodedTestImages;

namespace Starling.Server.Tests.Features.Media;

/// <summary>
/// Remote accounts' avatars and headers, fetched by a job after the actor is stored and kept here cropped and cleaned,
/// or linked to their origin when they cannot or may not be fetched.
/// </summary>
public abstract class RemoteAccountPicturesTests(TestDatabase database) : IntegrationTest(database)
{
    private const string AvatarUrl = "https://remote.test/files/avatar.jpg";
    private const string HeaderUrl = "https://remote.test/files/header.jpg";

    /// <summary>Bob's Starling at home.test, and Carol on a server that is no Starling, her avatar and header served there (not yet fetched).</summary>
    private async Task<(TestInstance Home, InboxSink Remote, RemoteActor Carol, FederationNetwork Network)> CarolWithPicturesAsync(Dictionary<string, string?>? settings = null,
        string avatarUrl = AvatarUrl)
    {
        var network = StartNetwork();
        var home = await network.StartAsync("home.test", new TestInstanceOptions { Settings = settings ?? [] });
        await home.World().Users("bob").BuildAsync();
        var remote = network.AddSink("remote.test");
        // A phone photo on its side, with its location in the metadata; and a wide picture taller than a header.
        remote.Files[AvatarUrl] = () => Jpeg(WithExif(EncodeJpeg(Quadrants(600, 800)), orientation: 6));
        remote.Files[HeaderUrl] = () => Jpeg(EncodeJpeg(Quadrants(2000, 1000)));
        var carol = new RemoteActor(remote, "carol");
        carol.Document.Icon = new Image { MediaType = "image/jpeg", Url = avatarUrl };
        carol.Document.Image = new Image { MediaType = "image/jpeg", Url = HeaderUrl };
        carol.Publish();
        return (home, remote, carol, network);
    }

    [Fact]
    public async Task A_remote_accounts_avatar_and_header_are_shown_from_their_origin_until_cached_then_from_here_cropped_and_cleaned()
    {
        var (home, remote, _, _) = await CarolWithPicturesAsync();
        var bob = new ApiClient(home);
        var token = await bob.UserTokenAsync("bob", "read");

        var found = await ApiClient.ReadJsonAsync(await bob.GetAsync("/api/v2/search?resolve=true&type=accounts&q=carol@remote.test", token), HttpStatusCode.OK);
        var before = Assert.Single(found.GetProperty("accounts").EnumerateArray());
        Assert.Equal((AvatarUrl, AvatarUrl, HeaderUrl, HeaderUrl), Pictures(before));
        Assert.Empty(remote.FetchesOf(AvatarUrl));

        Assert.Equal(1, await home.DrainJobsAsync());

        var after = await ApiClient.ReadJsonAsync(await bob.GetAsync($"/api/v1/accounts/{before.GetProperty("id").GetString()}", token), HttpStatusCode.OK);
        var (avatar, avatarStatic, header, headerStatic) = Pictures(after);
        Assert.StartsWith($"https://home.test/system/accounts/avatars/{before.GetProperty("id").GetString()}/original/", avatar);
        Assert.StartsWith($"https://home.test/system/accounts/headers/{before.GetProperty("id").GetString()}/original/", header);
        Assert.Equal((avatar, header), (avatarStatic, headerStatic));
        var avatarBytes = await DownloadAsync(bob, avatar);
        using (var picture = SKBitmap.Decode(avatarBytes))
        {
            Assert.Equal((400, 400), (picture.Width, picture.Height));
            // Turned upright as its EXIF said: the blue quadrant, bottom left as stored, is now top left.
            Assert.Equal("B", Name(picture.GetPixel(100, 100)));
        }
        Assert.False(Contains(avatarBytes, "Exif"u8.ToArray()));
        Assert.False(Contains(avatarBytes, GpsLatitude));
        Assert.False(Contains(avatarBytes, CameraMake[..9]));
        using (var picture = SKBitmap.Decode(await DownloadAsync(bob, header)))
        {
            Assert.Equal((1500, 500), (picture.Width, picture.Height));
        }
        Assert.Single(remote.FetchesOf(AvatarUrl));
        Assert.Single(remote.FetchesOf(HeaderUrl));
        Assert.Equal(2, StoredFiles(home).Count);
        Assert.Empty(WorkFiles(home));
    }

    [Fact]
    public async Task A_changed_avatar_replaces_the_cached_file_and_the_old_one_is_removed()
    {
        var (home, remote, carol, _) = await CarolWithPicturesAsync();
        var account = await ResolveAsync(home, carol.Id);
        await home.DrainJobsAsync();
        var first = await home.DbAsync(db => db.Accounts.SingleAsync(a => a.Id == account.Id));

        const string newAvatar = "https://remote.test/files/avatar-2.png";
        remote.Files[newAvatar] = () => new ByteArrayContent(TestMedia.Png(300, 300)) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } };
        carol.Document.Icon = new Image { MediaType = "image/png", Url = newAvatar };
        carol.Publish();
        await home.UseAsync<IRemoteAccountResolver>(r => r.RefreshAsync(carol.Id, CancellationToken.None));
        Assert.Equal(1, await home.DrainJobsAsync());

        var second = await home.DbAsync(db => db.Accounts.SingleAsync(a => a.Id == account.Id));
        Assert.NotNull(second.AvatarFilePath);
        Assert.NotEqual(first.AvatarFilePath, second.AvatarFilePath);
        Assert.EndsWith(".png", second.AvatarFilePath);
        Assert.Equal(first.HeaderFilePath, second.HeaderFilePath);
        Assert.False(File.Exists(MediaPath(home, first.AvatarFilePath!)));
        Assert.True(File.Exists(MediaPath(home, second.AvatarFilePath)));
        Assert.Equal([second.AvatarFilePath, second.HeaderFilePath!], StoredFiles(home).Order());
        // The header did not change: it was not fetched again.
        Assert.Single(remote.FetchesOf(HeaderUrl));
        var shown = await AccountJsonAsync(home, account.Id);
        Assert.EndsWith("/" + Path.GetFileName(second.AvatarFilePath), shown.GetProperty("avatar").GetString());

        // Storing the same actor again fetches nothing more.
        await home.UseAsync<IRemoteAccountResolver>(r => r.RefreshAsync(carol.Id, CancellationToken.None));
        Assert.Equal(0, await home.DrainJobsAsync());
        Assert.Single(remote.FetchesOf(newAvatar));
    }

    [Fact]
    public async Task An_avatar_its_owner_removed_is_dropped_with_its_file_and_the_default_shown()
    {
        var (home, _, carol, _) = await CarolWithPicturesAsync();
        var account = await ResolveAsync(home, carol.Id);
        await home.DrainJobsAsync();
        var cached = await home.DbAsync(db => db.Accounts.SingleAsync(a => a.Id == account.Id));

        carol.Document.Icon = null;
        carol.Publish();
        await home.UseAsync<IRemoteAccountResolver>(r => r.RefreshAsync(carol.Id, CancellationToken.None));
        Assert.Equal(1, await home.DrainJobsAsync());

        var dropped = await home.DbAsync(db => db.Accounts.SingleAsync(a => a.Id == account.Id));
        Assert.Equal((null, null, cached.HeaderFilePath), (dropped.AvatarRemoteUrl, dropped.AvatarFilePath, dropped.HeaderFilePath));
        Assert.False(File.Exists(MediaPath(home, cached.AvatarFilePath!)));
        Assert.Equal("https://home.test/avatars/original/missing.png", (await AccountJsonAsync(home, account.Id)).GetProperty("avatar").GetString());
    }

    [Fact]
    public async Task Pictures_on_a_server_whose_media_are_rejected_are_never_fetched()
    {
        var (home, remote, carol, _) = await CarolWithPicturesAsync();
        await home.UseAsync<DomainBlocks, DomainBlockSaved>(blocks =>
            blocks.SaveAsync(new DomainBlockChange("remote.test", DomainBlockSeverity.None, RejectMedia: true)));

        var account = await ResolveAsync(home, carol.Id);
        await home.DrainJobsAsync();

        Assert.Empty(remote.FetchesOf(AvatarUrl));
        Assert.Empty(remote.FetchesOf(HeaderUrl));
        Assert.Equal((AvatarUrl, AvatarUrl, HeaderUrl, HeaderUrl), Pictures(await AccountJsonAsync(home, account.Id)));
        Assert.Empty(StoredFiles(home));
    }

    [Fact]
    public async Task Pictures_on_another_host_of_an_account_whose_server_has_its_media_rejected_are_not_fetched_either()
    {
        const string cdnAvatar = "https://cdn.test/remote/avatar.jpg";
        var (home, _, carol, network) = await CarolWithPicturesAsync(avatarUrl: cdnAvatar);
        var cdn = network.AddSink("cdn.test");
        cdn.Files[cdnAvatar] = () => Jpeg(TestMedia.Jpeg(400, 400));
        await home.UseAsync<DomainBlocks, DomainBlockSaved>(blocks =>
            blocks.SaveAsync(new DomainBlockChange("remote.test", DomainBlockSeverity.None, RejectMedia: true)));

        var account = await ResolveAsync(home, carol.Id);
        await home.DrainJobsAsync();

        Assert.Empty(cdn.Received);
        Assert.Equal(cdnAvatar, (await AccountJsonAsync(home, account.Id)).GetProperty("avatar").GetString());
        Assert.Empty(StoredFiles(home));
    }

    [Fact]
    public async Task With_caching_off_pictures_stay_at_their_origin_and_nothing_is_fetched()
    {
        var (home, remote, carol, _) = await CarolWithPicturesAsync(new() { ["Starling:Media:CacheRemoteMedia"] = "false" });

        var account = await ResolveAsync(home, carol.Id);

        Assert.Equal(0, await home.DrainJobsAsync());
        Assert.Empty(remote.FetchesOf(AvatarUrl));
        Assert.Equal((AvatarUrl, AvatarUrl, HeaderUrl, HeaderUrl), Pictures(await AccountJsonAsync(home, account.Id)));
    }

    [Fact]
    public async Task An_avatar_at_a_private_address_is_not_fetched_and_a_header_that_is_no_picture_stays_at_its_origin()
    {
        const string privateAvatar = "https://10.0.0.7/avatar.jpg";
        var (home, remote, carol, network) = await CarolWithPicturesAsync(avatarUrl: privateAvatar);
        remote.Files[HeaderUrl] = () => new StringContent("<html><body>Not a picture</body></html>", System.Text.Encoding.UTF8, "image/jpeg");

        var account = await ResolveAsync(home, carol.Id);
        Assert.Equal(1, await home.DrainJobsAsync());

        Assert.DoesNotContain(network.Traffic, line => line.Contains("10.0.0.7", StringComparison.Ordinal));
        Assert.Single(remote.FetchesOf(HeaderUrl));
        var stored = await home.DbAsync(db => db.Accounts.SingleAsync(a => a.Id == account.Id));
        Assert.Equal((null, null), (stored.AvatarFilePath, stored.HeaderFilePath));
        Assert.Equal((privateAvatar, privateAvatar, HeaderUrl, HeaderUrl), Pictures(await AccountJsonAsync(home, account.Id)));
        Assert.Empty(StoredFiles(home));
        Assert.Empty(WorkFiles(home));
    }

    [Fact]
    public async Task An_avatar_larger_than_the_image_limit_stays_at_its_origin_and_the_header_is_still_cached()
    {
        var (home, remote, carol, _) = await CarolWithPicturesAsync(new() { ["Starling:Media:MaxUploadBytes"] = "200000" });
        remote.Files[AvatarUrl] = () => Jpeg(TestMedia.NoisyJpeg(800, 600));
        Assert.True(TestMedia.NoisyJpeg(800, 600).Length > 200_000);

        var account = await ResolveAsync(home, carol.Id);
        Assert.Equal(1, await home.DrainJobsAsync());

        var stored = await home.DbAsync(db => db.Accounts.SingleAsync(a => a.Id == account.Id));
        Assert.Null(stored.AvatarFilePath);
        Assert.NotNull(stored.HeaderFilePath);
        var shown = await AccountJsonAsync(home, account.Id);
        Assert.Equal(AvatarUrl, shown.GetProperty("avatar").GetString());
        Assert.StartsWith("https://home.test/system/accounts/headers/", shown.GetProperty("header").GetString());
        Assert.Equal([stored.HeaderFilePath], StoredFiles(home));
        Assert.Empty(WorkFiles(home));

        // Named but not kept: the next time the actor is stored, the avatar is tried again.
        await home.UseAsync<IRemoteAccountResolver>(r => r.RefreshAsync(carol.Id, CancellationToken.None));
        Assert.Equal(1, await home.DrainJobsAsync());
        Assert.Equal(2, remote.FetchesOf(AvatarUrl).Count);
    }

    [Fact]
    public async Task The_media_cleanup_drops_cached_pictures_of_remote_accounts_only_and_they_are_fetched_again_when_the_actor_is_next_stored()
    {
        var (home, remote, carol, _) = await CarolWithPicturesAsync();
        var account = await ResolveAsync(home, carol.Id);
        await home.DrainJobsAsync();
        var cached = await home.DbAsync(db => db.Accounts.SingleAsync(a => a.Id == account.Id));
        var bobId = await home.DbAsync(db => db.Accounts.Where(a => a.Username == "bob").Select(a => a.Id).SingleAsync());
        var bob = await home.UseAsync<UpdateProfile, Account>(update =>
        {
            var png = TestMedia.Png(64, 64);
            return update.UpdateAsync(bobId, new ProfileChanges(), [new AccountPictureChange(AccountPictureKind.Avatar, new MemoryStream(png), png.Length)]);
        });
        await home.DrainJobsAsync();

        // Kept for less than a day: a day's cleanup leaves them.
        Assert.Equal(0, await home.UseAsync<MediaCleanup, int>(c => c.RemoveCachedRemotePicturesAsync(TimeSpan.FromDays(1), CancellationToken.None)));
        Assert.Equal(1, await home.UseAsync<MediaCleanup, int>(c => c.RemoveCachedRemotePicturesAsync(TimeSpan.Zero, CancellationToken.None)));

        var dropped = await home.DbAsync(db => db.Accounts.SingleAsync(a => a.Id == account.Id));
        Assert.Equal((null, null, AvatarUrl), (dropped.AvatarFilePath, dropped.HeaderFilePath, dropped.AvatarRemoteUrl));
        Assert.False(File.Exists(MediaPath(home, cached.AvatarFilePath!)));
        Assert.False(File.Exists(MediaPath(home, cached.HeaderFilePath!)));
        Assert.Equal((AvatarUrl, AvatarUrl, HeaderUrl, HeaderUrl), Pictures(await AccountJsonAsync(home, account.Id)));
        // A local account's own picture is no cached copy.
        Assert.Equal([bob.AvatarFilePath!], StoredFiles(home));

        await home.UseAsync<IRemoteAccountResolver>(r => r.RefreshAsync(carol.Id, CancellationToken.None));
        Assert.Equal(1, await home.DrainJobsAsync());
        var again = await home.DbAsync(db => db.Accounts.SingleAsync(a => a.Id == account.Id));
        Assert.NotNull(again.AvatarFilePath);
        Assert.NotNull(again.HeaderFilePath);
        Assert.Equal(2, remote.FetchesOf(AvatarUrl).Count);
    }

    [Fact]
    public async Task A_deleted_remote_account_takes_its_cached_pictures_with_it()
    {
        var (home, _, carol, _) = await CarolWithPicturesAsync();
        var account = await ResolveAsync(home, carol.Id);
        await home.DrainJobsAsync();
        Assert.Equal(2, StoredFiles(home).Count);

        Assert.True(await home.UseAsync<DeleteRemoteAccount, bool>(d => d.DeleteAsync(account.Id, CancellationToken.None)));

        Assert.Empty(StoredFiles(home));
    }

    [Fact]
    public async Task A_suspended_server_is_purged_with_its_accounts_cached_pictures()
    {
        var (home, _, carol, _) = await CarolWithPicturesAsync();
        await ResolveAsync(home, carol.Id);
        await home.DrainJobsAsync();
        Assert.Equal(2, StoredFiles(home).Count);

        await home.UseAsync<DomainBlocks, DomainBlockSaved>(blocks => blocks.SaveAsync(new DomainBlockChange("remote.test", DomainBlockSeverity.Suspend)));
        await home.DrainJobsAsync();

        Assert.False(await home.DbAsync(db => db.Accounts.AnyAsync(a => a.Domain == "remote.test")));
        Assert.Empty(StoredFiles(home));
    }

    private static async Task<Account> ResolveAsync(TestInstance home, string actorId) =>
        await home.UseAsync<IRemoteAccountResolver, Account?>(r => r.ResolveAsync(actorId, CancellationToken.None))
            ?? throw new InvalidOperationException($"{actorId} was not resolved.");

    private static async Task<JsonElement> AccountJsonAsync(TestInstance home, long accountId)
    {
        using var client = new ApiClient(home);
        var token = await client.UserTokenAsync("bob", "read");
        return await ApiClient.ReadJsonAsync(await client.GetAsync($"/api/v1/accounts/{accountId}", token), HttpStatusCode.OK);
    }

    private static (string?, string?, string?, string?) Pictures(JsonElement account) =>
        (account.GetProperty("avatar").GetString(), account.GetProperty("avatar_static").GetString(),
            account.GetProperty("header").GetString(), account.GetProperty("header_static").GetString());

    private static async Task<byte[]> DownloadAsync(ApiClient client, string? url)
    {
        Assert.NotNull(url);
        using var response = await client.GetAsync(url.Replace("https://home.test", ""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static ByteArrayContent Jpeg(byte[] bytes) => new(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } };

    private static byte[] EncodeJpeg(SKBitmap bitmap)
    {
        using (bitmap)
        {
            using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
            return data.ToArray();
        }
    }

    private static string MediaPath(TestInstance home, string path) => Path.Combine(home.Storage.DataDirectory, "media", path);

    /// <summary>The files in media storage, as paths inside it.</summary>
    private static List<string> StoredFiles(TestInstance home)
    {
        var folder = Path.Combine(home.Storage.DataDirectory, "media");
        return Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))]
            : [];
    }

    private static List<string> WorkFiles(TestInstance home)
    {
        var folder = Path.Combine(home.Storage.DataDirectory, MediaWorkFolder.ParentName);
        return Directory.Exists(folder) ? [.. Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)] : [];
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    /// <summary>The quadrant colour a pixel is nearest to: R, G, B or Y.</summary>
    private static string Name(SKColor colour) =>
        new[] { ("R", Red), ("G", Green), ("B", Blue), ("Y", Yellow) }
            .MinBy(c => Math.Abs(c.Item2.Red - colour.Red) + Math.Abs(c.Item2.Green - colour.Green) + Math.Abs(c.Item2.Blue - colour.Blue)).Item1;

    public sealed class Sqlite() : RemoteAccountPicturesTests(TestDatabase.Sqlite);

    public sealed class Postgres() : RemoteAccountPicturesTests(TestDatabase.Postgres);
}
