using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text;
using Microsoft.Extensions.Options;
using Starling.Server.Options;

namespace Starling.Server.Infrastructure.Http;

/// <summary>An answer from another server, read in full (within the size limit).</summary>
public sealed record FederationResponse(HttpStatusCode StatusCode, Uri Uri, string? MediaType, byte[] Body, HttpResponseHeaders Headers)
{
    public bool IsSuccess => (int)StatusCode is >= 200 and < 300;

    public string Text() => Encoding.UTF8.GetString(Body);
}

public sealed record FetchOptions
{
    /// <summary>What the fetch asks for; by default ActivityStreams in both of its media types.</summary>
    public string Accept { get; init; } = "application/activity+json, application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";

    /// <summary>The largest answer read; null takes <c>Starling:Federation:MaxDocumentBytes</c>.</summary>
    public long? MaxBytes { get; init; }

    /// <summary>
    /// How long reading the answer may take once the final answer's headers have arrived, for a large file; the
    /// server must still answer within the federation timeout. Null keeps the whole exchange within that timeout.
    /// </summary>
    public TimeSpan? ReadTimeout { get; init; }

    /// <summary>
    /// For a download, how long its body may go without a byte arriving: a server that stalls mid-way is given up as
    /// a <see cref="TimeoutException"/> long before <see cref="ReadTimeout"/> runs out. Null sets no such limit.
    /// </summary>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>
    /// Called with the first request and with the request for each redirect before it is sent, for example to sign
    /// it (a signature covers the host and path, so a redirected fetch needs a new one).
    /// </summary>
    public Func<HttpRequestMessage, CancellationToken, Task>? PrepareRequest { get; init; }
}

/// <summary>
/// The one way this server talks to other servers. Every request goes to https only (http too when
/// <c>Starling:Federation:AllowPrivateAddresses</c> is on), never to a non-public address (checked here for literal
/// addresses and again when connecting, after DNS), within <c>TimeoutSeconds</c> for the whole exchange (or for the
/// answer's headers, when the caller gives the body a <see cref="FetchOptions.ReadTimeout"/> of its own), and its answer
/// is read up to a size limit, counted as it arrives. Fetches follow at most <c>MaxRedirects</c> redirects, checking
/// each; deliveries follow none. A refusal is a <see cref="FetchRefusedException"/>, running out of time a
/// <see cref="TimeoutException"/>; other network failures stay <see cref="HttpRequestException"/>s. Answers with
/// error statuses are returned, not thrown: what a 410 or a 429 means is the caller's business.
/// </summary>
public sealed class FederationHttpClient : IDisposable
{
    private readonly HttpClient http;
    private readonly FederationOptions federation;

    public FederationHttpClient(FederationHttpHandlerFactory handlerFactory, IOptions<StarlingOptions> options)
    {
        federation = options.Value.Federation;
        UserAgent = $"Starling/{SoftwareVersion()} (+{options.Value.PublicUrl.TrimEnd('/')})";
        http = new HttpClient(handlerFactory.CreatePrimaryHandler(), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", UserAgent);
    }

    /// <summary><c>Starling/&lt;version&gt; (+&lt;PublicUrl&gt;)</c>, so other servers' admins know who is calling.</summary>
    public string UserAgent { get; }

    /// <summary>GETs a document, following redirects.</summary>
    public Task<FederationResponse> GetAsync(Uri url, FetchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        options ??= new FetchOptions();
        return FetchAsync(url, options, (response, target, token) => ReadAsync(response, target, options.MaxBytes, token), cancellationToken);
    }

    /// <summary>
    /// GETs a file as <see cref="GetAsync"/> does, with the same checks and redirects, but hands a successful answer's
    /// body to <paramref name="receive"/> as it arrives instead of holding it in memory. An answer that declares more
    /// than <see cref="FetchOptions.MaxBytes"/> is refused before its body is read; one that declares no length is
    /// <paramref name="receive"/>'s to cut off. An error answer's body is not read. With an
    /// <see cref="FetchOptions.IdleTimeout"/>, a body that stops arriving fails as a <see cref="TimeoutException"/>;
    /// <paramref name="receive"/> must then read it asynchronously.
    /// </summary>
    /// <returns>The final answer's status.</returns>
    public Task<HttpStatusCode> DownloadAsync(Uri url, FetchOptions options, Func<Stream, CancellationToken, Task> receive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(receive);
        return FetchAsync(url, options, async (response, target, token) =>
        {
            if ((int)response.StatusCode is >= 200 and < 300)
            {
                CheckDeclaredLength(response, target, options.MaxBytes ?? federation.MaxDocumentBytes);
                await using var body = await response.Content.ReadAsStreamAsync(token);
                await receive(options.IdleTimeout is { } idle ? new IdleLimitedStream(body, idle, target) : body, token);
            }
            return response.StatusCode;
        }, cancellationToken);
    }

    private async Task<T> FetchAsync<T>(Uri url, FetchOptions options, Func<HttpResponseMessage, Uri, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        var allowed = federation.Timeout;
        var target = url;
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                CheckTarget(target);
                using var request = new HttpRequestMessage(HttpMethod.Get, target);
                request.Headers.TryAddWithoutValidation("Accept", options.Accept);
                if (options.PrepareRequest is not null)
                {
                    await options.PrepareRequest(request, deadline.Token);
                }
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
                if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
                {
                    if (redirects >= federation.MaxRedirects)
                    {
                        throw new FetchRefusedException(FetchRefusal.TooManyRedirects,
                            $"Refused to follow {Describe(url)} further: it redirected more than {federation.MaxRedirects} times.");
                    }
                    target = location.IsAbsoluteUri ? location : new Uri(target, location);
                    continue;
                }
                if (options.ReadTimeout is { } readTimeout)
                {
                    // The server has answered in time; the body gets its own, longer, allowance from now.
                    allowed = readTimeout;
                    deadline.CancelAfter(readTimeout);
                }
                return await read(response, target, deadline.Token);
            }
        }
        catch (Exception exception) when (Translate(exception, url, deadline, allowed, cancellationToken) is { } translated)
        {
            ExceptionDispatchInfo.Throw(translated);
            throw;
        }
    }

    /// <summary>Sends a request (a delivery, say) as it is, without following redirects.</summary>
    public async Task<FederationResponse> SendAsync(HttpRequestMessage request, long? maxBytes = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var url = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        using var deadline = Deadline(cancellationToken);
        try
        {
            CheckTarget(url);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            return await ReadAsync(response, url, maxBytes, deadline.Token);
        }
        catch (Exception exception) when (Translate(exception, url, deadline, federation.Timeout, cancellationToken) is { } translated)
        {
            ExceptionDispatchInfo.Throw(translated);
            throw;
        }
    }

    public void Dispose() => http.Dispose();

    private CancellationTokenSource Deadline(CancellationToken cancellationToken)
    {
        // Wall-clock time on purpose: this bounds waiting on the network, which a test's fake clock does not drive.
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(federation.Timeout);
        return deadline;
    }

    private void CheckTarget(Uri url)
    {
        if (!url.IsAbsoluteUri)
        {
            throw new FetchRefusedException(FetchRefusal.Scheme, $"Refused to fetch '{url}': it is not an absolute URL.");
        }
        var allowPlain = federation.AllowPrivateAddresses;
        if (url.Scheme != Uri.UriSchemeHttps && !(allowPlain && url.Scheme == Uri.UriSchemeHttp))
        {
            throw new FetchRefusedException(FetchRefusal.Scheme, $"Refused to fetch {Describe(url)}: only https URLs are fetched.");
        }
        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            throw new FetchRefusedException(FetchRefusal.Scheme, $"Refused to fetch {Describe(url)}: URLs with credentials are not fetched.");
        }
        if (!allowPlain && IPAddress.TryParse(url.Host.Trim('[', ']'), out var literal) && AddressRules.NonPublicKind(literal) is { } kind)
        {
            throw new FetchRefusedException(FetchRefusal.PrivateAddress, $"Refused to fetch {Describe(url)}: it is a {kind} address, which this server does not reach.");
        }
    }

    private async Task<FederationResponse> ReadAsync(HttpResponseMessage response, Uri url, long? maxBytes, CancellationToken cancellationToken)
    {
        var limit = maxBytes ?? federation.MaxDocumentBytes;
        CheckDeclaredLength(response, url, limit);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > limit)
            {
                throw TooLarge(url, limit);
            }
            body.Write(buffer, 0, read);
        }
        return new FederationResponse(response.StatusCode, url, response.Content.Headers.ContentType?.MediaType, body.ToArray(), response.Headers);
    }

    private static void CheckDeclaredLength(HttpResponseMessage response, Uri url, long limit)
    {
        if (response.Content.Headers.ContentLength > limit)
        {
            throw TooLarge(url, limit);
        }
    }

    private static FetchRefusedException TooLarge(Uri url, long limit) =>
        new(FetchRefusal.TooLarge, $"Refused to read the answer from {Describe(url)}: it is larger than {limit} bytes.");

    /// <summary>The exception a caller should see for a failure, or null to let it pass as it is.</summary>
    private static Exception? Translate(Exception exception, Uri url, CancellationTokenSource deadline, TimeSpan allowed, CancellationToken cancellationToken)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is FetchRefusedException refused)
            {
                return refused;
            }
        }
        if (exception is OperationCanceledException && deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"{Describe(url)} did not answer within {allowed.TotalSeconds:0} seconds."), exception);
        }
        return null;
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>A URL as it may be logged: no credentials, no query.</summary>
    private static string Describe(Uri url) => url.IsAbsoluteUri ? $"{url.Scheme}://{url.Authority}{url.AbsolutePath}" : url.OriginalString;

    /// <summary>
    /// A body whose every read must bring something within <c>idle</c>, else it fails as a broken connection would
    /// (a <see cref="TimeoutException"/>, which callers treat alike). The time spent between reads (writing to disk,
    /// say) does not count.
    /// </summary>
    private sealed class IdleLimitedStream(Stream inner, TimeSpan idle, Uri url) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            waiting.CancelAfter(idle);
            try
            {
                return await inner.ReadAsync(buffer, waiting.Token);
            }
            catch (OperationCanceledException exception) when (waiting.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"{Describe(url)} sent nothing for {idle.TotalSeconds:0.#} seconds."), exception);
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        /// <summary>Not offered: a blocking read could not be given up when the server stalls.</summary>
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("The body is read asynchronously only.");

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    private static string SoftwareVersion()
    {
        var informational = typeof(FederationHttpClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+');
        return plus < 0 ? informational : informational[..plus];
    }
}
