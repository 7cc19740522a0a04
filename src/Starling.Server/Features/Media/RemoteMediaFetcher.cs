using Microsoft.Extensions.Options;
using Starling.Server.Features.Moderation;
using Starling.Server.Infrastructure.Http;
using Starling.Server.Infrastructure.MediaProcessing;
using Starling.Server.Options;

namespace Starling.Server.Features.Media;

/// <summary>
/// Brings another server's file (a status's attachment, an account's avatar or header) into a work folder to be
/// processed: never from a server whose media are rejected here, through the federation HTTP client (no private
/// addresses, redirects checked), refused before reading when its declared length is over the limit and cut off once
/// it passes it, and given up once it stops arriving for <c>Media:RemoteFetchIdleSeconds</c>.
/// </summary>
public sealed class RemoteMediaFetcher(FederationHttpClient http, DomainBlockPolicy domains, IOptions<StarlingOptions> options)
{
    /// <summary>Whether a failure is the file's or its server's, to be logged and shown from the origin, rather than a fault here.</summary>
    public static bool IsRemoteFailure(Exception exception) =>
        exception is MediaRejectedException or FetchRefusedException or HttpRequestException or HttpIOException or TimeoutException;

    /// <param name="readTimeout">How long the body may take once the server has answered.</param>
    /// <exception cref="MediaRejectedException">No usable address, media from its server rejected here, or too large.</exception>
    public async Task FetchAsync(string? address, MediaWorkFolder work, long limit, TimeSpan readTimeout, CancellationToken cancellationToken)
    {
        var url = address is not null && Uri.TryCreate(address, UriKind.Absolute, out var parsed)
            ? parsed
            : throw new MediaRejectedException("The file has no address");
        // Blocked after the file was learnt of, its server is not asked either.
        if (await domains.RejectsMediaAsync(url.Host, cancellationToken))
        {
            throw new MediaRejectedException($"Media from {url.Host} are rejected here");
        }
        var fetch = new FetchOptions { Accept = "*/*", MaxBytes = limit, ReadTimeout = readTimeout, IdleTimeout = options.Value.Media.RemoteFetchIdle };
        var status = await http.DownloadAsync(url, fetch, (body, token) =>
            work.ReceiveAsync(body, limit, () => new MediaRejectedException($"The file is larger than {MediaProcessor.Megabytes(limit)}"), token),
            cancellationToken);
        if ((int)status is < 200 or >= 300)
        {
            throw new HttpRequestException($"The file's server answered {(int)status}");
        }
    }
}
