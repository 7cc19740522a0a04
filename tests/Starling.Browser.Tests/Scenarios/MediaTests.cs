using System.Text.RegularExpressions;
using Starling.Browser.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Starling.Browser.Tests.Scenarios;

/// <summary>Attaching pictures, video and sound from the compose box, and seeing and playing them in timelines.</summary>
[Collection(StarlingBrowserCollection.Name)]
public sealed class MediaTests(StarlingBrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output), IDisposable
{
    private readonly MediaSamples _samples = new();

    public void Dispose() => _samples.Dispose();

    [Fact]
    public async Task A_picture_with_alt_text_is_posted_and_shown_as_its_preview_with_the_alt_text()
    {
        var alice = await SignUpAsync("alice");
        var photo = await _samples.JpegAsync("dusk.jpg", 1600, 1200);
        await alice.GoHomeAsync();
        var text = UniqueText("Starlings at dusk");
        var alt = UniqueText("A test pattern standing in for a flock of starlings");

        await alice.ComposeText.FillAsync(text);
        await alice.ComposeForm.GetByLabel("Choose media files", new() { Exact = true }).SetInputFilesAsync(photo);
        // The script previews the chosen file before anything is sent, and a click on it sets the focal point.
        var preview = alice.ComposeForm.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("^Preview of dusk\\.jpg") });
        await Expect(preview).ToBeVisibleAsync();
        await alice.ComposeForm.GetByLabel("Alt text for file 1", new() { Exact = true }).FillAsync(alt);
        // Near the top left corner: left is negative, up is positive, as Mastodon's focal points are.
        await preview.ClickAsync(new() { Position = new() { X = 12, Y = 12 } });
        await Expect(alice.ComposeForm.GetByLabel(new Regex("^Focal point for file 1"))).ToHaveValueAsync(new Regex(@"^-0\.[89]\d,0\.[89]\d$"));
        var problems = await AccessibilityChecks.ProblemsAsync(alice.Page);
        Assert.True(problems.Count == 0, "The compose box with a file chosen has accessibility problems:\n" + string.Join("\n", problems));

        await alice.ComposeForm.GetByRole(AriaRole.Button, new() { Name = "Post", Exact = true }).ClickAsync();

        var status = alice.StatusWithText(text);
        await Expect(status).ToBeVisibleAsync();
        var image = status.GetByRole(AriaRole.Img, new() { Name = alt, Exact = true });
        await Expect(image).ToHaveAttributeAsync("alt", alt);
        // The alt text can also be read by anyone who asks for it.
        await status.GetByText("ALT", new() { Exact = true }).ClickAsync();
        await Expect(status.GetByText(alt, new() { Exact = true })).ToBeVisibleAsync();
        await status.GetByText("ALT", new() { Exact = true }).ClickAsync();
        await Expect(status.GetByText(alt, new() { Exact = true })).ToBeHiddenAsync();
        // A click opens the original in a dialog, which Escape closes.
        await image.ClickAsync();
        var dialog = alice.Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.GetByRole(AriaRole.Img, new() { Name = alt, Exact = true })).ToHaveAttributeAsync("src", new Regex("/original/"));
        await alice.Page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToBeHiddenAsync();

        // The timeline draws the preview (640 on its long side, the shape kept), with its size set so nothing jumps.
        await image.ScrollIntoViewIfNeededAsync();
        var natural = await image.EvaluateAsync<int[]>("async img => { await img.decode(); return [img.naturalWidth, img.naturalHeight]; }");
        Assert.Equal([640, 480], natural);
        await Expect(image).ToHaveAttributeAsync("width", "640");
        await Expect(image).ToHaveAttributeAsync("height", "480");
    }

    [Fact]
    public async Task A_video_is_posted_and_plays_natively_with_its_length_and_seeking()
    {
        var alice = await SignUpAsync("alice");
        var video = await _samples.Mp4Async("murmuration.mp4", 5);
        await alice.GoHomeAsync();
        var text = UniqueText("A murmuration on video");

        await alice.ComposeText.FillAsync(text);
        await alice.ComposeForm.GetByLabel("Choose media files", new() { Exact = true }).SetInputFilesAsync(video);
        await Expect(alice.ComposeForm.GetByLabel("Preview of murmuration.mp4", new() { Exact = true })).ToBeVisibleAsync();
        await alice.ComposeForm.GetByLabel("Alt text for file 1", new() { Exact = true }).FillAsync("A test pattern with a tone");
        var response = await alice.Page.RunAndWaitForResponseAsync(
            () => alice.ComposeForm.GetByRole(AriaRole.Button, new() { Name = "Post", Exact = true }).ClickAsync(),
            r => r.Request.Method == "POST");
        if (response.Status is not (302 or 303))
        {
            Assert.Fail($"The post was refused ({response.Status}): {await alice.Page.GetByRole(AriaRole.Alert).InnerTextAsync()}");
        }

        var status = alice.StatusWithText(text);
        await Expect(status).ToBeVisibleAsync();
        var player = status.Locator("video[controls]");
        await Expect(player).ToHaveCountAsync(1);
        await player.ScrollIntoViewIfNeededAsync();
        // Seeking needs the server to answer range requests; without them Chromium cannot jump to the third second.
        var played = await player.EvaluateAsync<double[]>("""
            async video => {
              const once = (name) => new Promise((resolve, reject) => {
                const timer = setTimeout(() => reject(new Error(`no ${name} event (readyState ${video.readyState}, error ${video.error?.code})`)), 15000);
                video.addEventListener(name, () => { clearTimeout(timer); resolve(); }, { once: true });
              });
              if (video.readyState < 1) { const loaded = once('loadedmetadata'); video.load(); await loaded; }
              const readyState = video.readyState;
              const duration = video.duration;
              const seeked = once('seeked');
              video.currentTime = 3;
              await seeked;
              return [readyState, duration, video.currentTime];
            }
            """);
        Assert.True(played[0] >= 1, $"readyState {played[0]}");
        Assert.InRange(played[1], 4.8, 5.2);
        Assert.InRange(played[2], 2.9, 3.1);
    }

    [Fact]
    public async Task A_file_that_is_not_what_it_claims_is_refused_readably_and_nothing_is_posted_or_kept()
    {
        // Without the script: the plain form's file slots, and the server as the only check.
        var alice = await SignUpAsync("alice", javaScript: false);
        var photo = await _samples.JpegAsync("fine.jpg", 800, 600);
        var fake = await _samples.TextPretendingToBeAsync("notes.jpg");
        Problems.Allow(422);
        await alice.GoHomeAsync();
        var text = UniqueText("Two pictures, one of them not really");
        var filesBefore = StoredFileCount();

        await alice.ComposeText.FillAsync(text);
        await alice.ComposeForm.GetByText("Attach media", new() { Exact = true }).ClickAsync();
        await alice.ComposeForm.GetByLabel("Choose file 1", new() { Exact = true }).SetInputFilesAsync(photo);
        await alice.ComposeForm.GetByLabel("Alt text for file 1", new() { Exact = true }).FillAsync("A test pattern");
        await alice.ComposeForm.GetByLabel("Choose file 2", new() { Exact = true }).SetInputFilesAsync(fake);
        var response = await alice.Page.RunAndWaitForResponseAsync(
            () => alice.ComposeForm.GetByRole(AriaRole.Button, new() { Name = "Post", Exact = true }).ClickAsync(),
            r => r.Request.Method == "POST");

        Assert.Equal(422, response.Status);
        var alert = alice.Page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("notes.jpg");
        await Expect(alert).ToContainTextAsync("not supported");
        await Expect(alice.ComposeForm.GetByLabel("Choose file 2", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        // What was typed stays; the picture stored before the refusal does not.
        await Expect(alice.ComposeText).ToHaveValueAsync(text);
        await Expect(alice.ComposeForm.GetByLabel("Alt text for file 1", new() { Exact = true })).ToHaveValueAsync("A test pattern");
        Assert.Equal(filesBefore, StoredFileCount());

        await alice.Page.GotoAsync(alice.ProfilePath);
        await Expect(alice.StatusWithText(text)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Sensitive_media_stays_hidden_until_the_reader_asks_to_see_it()
    {
        var alice = await SignUpAsync("alice", javaScript: false);
        var photo = await _samples.JpegAsync("private.jpg", 640, 480);
        await alice.GoHomeAsync();
        var text = UniqueText("Not for everyone");

        await alice.ComposeText.FillAsync(text);
        await alice.ComposeForm.GetByText("Attach media", new() { Exact = true }).ClickAsync();
        await alice.ComposeForm.GetByLabel("Choose file 1", new() { Exact = true }).SetInputFilesAsync(photo);
        await alice.ComposeForm.GetByLabel("Alt text for file 1", new() { Exact = true }).FillAsync("Something sensitive");
        await alice.ComposeForm.GetByLabel("Mark media as sensitive", new() { Exact = true }).CheckAsync();
        await alice.ComposeForm.GetByRole(AriaRole.Button, new() { Name = "Post", Exact = true }).ClickAsync();

        var status = alice.StatusWithText(text);
        await Expect(status).ToBeVisibleAsync();
        var image = status.Locator("img[alt='Something sensitive']");
        await Expect(image).ToHaveCountAsync(1);
        await Expect(image).ToBeHiddenAsync();

        await status.GetByText("Show sensitive media", new() { Exact = true }).ClickAsync();

        await Expect(image).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_file_larger_than_an_ordinary_request_reaches_the_media_rules_and_gets_their_answer()
    {
        // 40 MB is past the web server's usual 30 MB request limit: the compose page alone allows what media may be.
        var alice = await SignUpAsync("alice", javaScript: false);
        var large = await _samples.ZerosAsync("large.jpg", 40 * 1024 * 1024);
        Problems.Allow(422);
        await alice.GoHomeAsync();
        var text = UniqueText("A very large file");

        await alice.ComposeText.FillAsync(text);
        await alice.ComposeForm.GetByText("Attach media", new() { Exact = true }).ClickAsync();
        await alice.ComposeForm.GetByLabel("Choose file 1", new() { Exact = true }).SetInputFilesAsync(large);
        var response = await alice.Page.RunAndWaitForResponseAsync(
            () => alice.ComposeForm.GetByRole(AriaRole.Button, new() { Name = "Post", Exact = true }).ClickAsync(),
            r => r.Request.Method == "POST");

        Assert.Equal(422, response.Status);
        await Expect(alice.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("large.jpg: ");
        await Expect(alice.ComposeText).ToHaveValueAsync(text);
    }

    [Fact]
    public async Task A_picture_dropped_on_the_compose_box_is_attached_with_a_preview_and_can_be_removed()
    {
        var alice = await SignUpAsync("alice");
        var photo = await _samples.JpegAsync("dropped.jpg", 320, 240);
        await alice.GoHomeAsync();

        // What a browser hands the page when a file from the desktop is dropped on the form.
        await alice.ComposeForm.EvaluateAsync("""
            (form, base64) => {
              const data = new DataTransfer();
              const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
              data.items.add(new File([bytes], 'dropped.jpg', { type: 'image/jpeg' }));
              for (const type of ['dragover', 'drop']) {
                form.querySelector('textarea').dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
              }
            }
            """, Convert.ToBase64String(await File.ReadAllBytesAsync(photo)));

        await Expect(alice.ComposeForm.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("^Preview of dropped\\.jpg") })).ToBeVisibleAsync();
        var slot = alice.ComposeForm.GetByLabel("Choose file 1", new() { Exact = true });
        Assert.Equal(1, await slot.EvaluateAsync<int>("input => input.files.length"));
        await Expect(alice.ComposeForm.GetByLabel("Mark media as sensitive", new() { Exact = true })).ToBeVisibleAsync();

        await alice.ComposeForm.GetByRole(AriaRole.Button, new() { Name = "Remove file 1", Exact = true }).ClickAsync();

        await Expect(alice.ComposeForm.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("^Preview of dropped") })).ToHaveCountAsync(0);
        Assert.Equal(0, await slot.EvaluateAsync<int>("input => input.files.length"));
        await Expect(alice.ComposeForm.GetByLabel("Mark media as sensitive", new() { Exact = true })).ToBeHiddenAsync();
    }

    [Fact]
    public async Task An_author_edits_a_post_to_remove_its_picture_and_add_another_and_the_post_shows_the_new_one()
    {
        var alice = await SignUpAsync("alice");
        var first = await _samples.JpegAsync("first.jpg", 800, 600);
        var second = await _samples.JpegAsync("second.jpg", 600, 800);
        await alice.GoHomeAsync();
        var text = UniqueText("A picture to swap");
        await alice.ComposeText.FillAsync(text);
        await alice.ComposeForm.GetByLabel("Choose media files", new() { Exact = true }).SetInputFilesAsync(first);
        await alice.ComposeForm.GetByLabel("Alt text for file 1", new() { Exact = true }).FillAsync("The first picture");
        await alice.ComposeForm.GetByRole(AriaRole.Button, new() { Name = "Post", Exact = true }).ClickAsync();
        var status = alice.StatusWithText(text);
        await Expect(status.GetByRole(AriaRole.Img, new() { Name = "The first picture", Exact = true })).ToBeVisibleAsync();
        var id = await Person.IdOfAsync(status);

        await alice.ActionButtonOrLink(status, "Edit").ClickAsync();
        await Expect(alice.Page).ToHaveURLAsync(new Regex($"/@{alice.Username}/{id}/edit$"));
        var form = alice.Page.GetByRole(AriaRole.Main).Locator("form.compose");
        // The post's picture is on the form with its alt text; the picker fills the slots after it.
        await Expect(form.GetByRole(AriaRole.Img, new() { Name = "Preview of file 1", Exact = true })).ToBeVisibleAsync();
        await Expect(form.GetByLabel("Alt text for file 1", new() { Exact = true })).ToHaveValueAsync("The first picture");
        await form.GetByLabel("Remove file 1", new() { Exact = true }).CheckAsync();
        await form.GetByLabel("Choose media files", new() { Exact = true }).SetInputFilesAsync(second);
        await Expect(form.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("^Preview of second\\.jpg") })).ToBeVisibleAsync();
        await form.GetByLabel("Alt text for file 2", new() { Exact = true }).FillAsync("The second picture");
        var problems = await AccessibilityChecks.ProblemsAsync(alice.Page);
        Assert.True(problems.Count == 0, "The edit form with a file chosen has accessibility problems:\n" + string.Join("\n", problems));
        await form.GetByRole(AriaRole.Button, new() { Name = "Save changes", Exact = true }).ClickAsync();

        await Expect(alice.Page).ToHaveURLAsync(new Regex($"/@{alice.Username}/{id}$"));
        var edited = alice.Status(id);
        var image = edited.GetByRole(AriaRole.Img, new() { Name = "The second picture", Exact = true });
        await Expect(image).ToBeVisibleAsync();
        await Expect(edited.GetByRole(AriaRole.Img, new() { Name = "The first picture", Exact = true })).ToHaveCountAsync(0);
        // The preview drawn is the new picture's: upright, 640 on its long side.
        var natural = await image.EvaluateAsync<int[]>("async img => { await img.decode(); return [img.naturalWidth, img.naturalHeight]; }");
        Assert.Equal([480, 640], natural);
    }

    /// <summary>Files in the server's media folder: uploads, their previews and anything else it keeps.</summary>
    private int StoredFileCount()
    {
        var folder = Path.Combine(Fixture.Server.DataDirectory, "media");
        return Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Count() : 0;
    }
}
