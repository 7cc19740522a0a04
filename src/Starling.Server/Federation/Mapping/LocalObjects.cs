using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Accounts;
using Starling.Server.Options;

namespace Starling.Server.Federation.Mapping;

/// <summary>
/// Recognises this server's own accounts and statuses in what other servers send: by their ActivityPub ids
/// (<c>/users/{name}</c>, <c>/users/{name}/statuses/{id}</c>) and, since some servers send those instead, by their web
/// pages (<c>/@{name}</c>, <c>/@{name}/{id}</c>).
/// </summary>
public sealed class LocalObjects(AppDbContext db, IOptions<StarlingOptions> options)
{
    private readonly Uri _base = options.Value.PublicUri;

    /// <summary>Whether the address is on this server (same scheme, host and port as the public URL).</summary>
    public bool IsLocal(string? uri) =>
        uri is not null && Uri.TryCreate(uri, UriKind.Absolute, out var parsed)
        && string.Equals(parsed.Scheme, _base.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(parsed.Host, _base.Host, StringComparison.OrdinalIgnoreCase)
        && parsed.Port == _base.Port;

    /// <summary>The local account an actor id or profile page names, or null.</summary>
    public async Task<Account?> FindAccountAsync(string? uri, CancellationToken cancellationToken)
    {
        if (Segments(uri) is not { } segments)
        {
            return null;
        }
        var username = segments switch
        {
            ["users", var name] => name,
            [var handle] when handle.StartsWith('@') => handle[1..],
            _ => null,
        };
        if (username is null || !UsernameRules.IsWellFormed(username))
        {
            return null;
        }
        var key = UsernameRules.Normalize(username);
        return await db.Accounts.FirstOrDefaultAsync(a => a.UsernameNormalized == key && a.Domain == null, cancellationToken);
    }

    /// <summary>The local status an id or status page names (a boost's activity id names no status), or null.</summary>
    public async Task<Status?> FindStatusAsync(string? uri, CancellationToken cancellationToken)
    {
        if (Segments(uri) is not { } segments)
        {
            return null;
        }
        var (username, id) = segments switch
        {
            ["users", var name, "statuses", var number] => (name, number),
            [var handle, var number] when handle.StartsWith('@') => (handle[1..], number),
            _ => (null, null),
        };
        if (username is null || !long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var statusId))
        {
            return null;
        }
        var key = UsernameRules.Normalize(username);
        return await db.Statuses.Include(s => s.Account)
            .FirstOrDefaultAsync(s => s.Id == statusId && s.ReblogOfId == null && s.Account.Domain == null && s.Account.UsernameNormalized == key, cancellationToken);
    }

    /// <summary>The path's segments when the address is on this server and has no query or fragment, else null.</summary>
    private string[]? Segments(string? uri)
    {
        if (!IsLocal(uri))
        {
            return null;
        }
        var parsed = new Uri(uri!);
        if (parsed.Query.Length > 0 || parsed.Fragment.Length > 0)
        {
            return null;
        }
        var basePath = _base.AbsolutePath.TrimEnd('/');
        var path = parsed.AbsolutePath;
        if (!path.StartsWith(basePath + "/", StringComparison.Ordinal))
        {
            return null;
        }
        return Uri.UnescapeDataString(path[(basePath.Length + 1)..]).Split('/', StringSplitOptions.RemoveEmptyEntries);
    }
}
