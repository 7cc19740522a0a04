using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;

namespace Starling.Server.Web.Infrastructure;

/// <summary>The signed-in reader of this request, loaded once.</summary>
public sealed class CurrentViewer(IHttpContextAccessor http, AppDbContext db)
{
    private Account? _account;
    private bool _loaded;

    public long? AccountId => http.HttpContext is { } context ? AccountIdOf(context.User) : null;

    public static long? AccountIdOf(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(WebSetup.AccountIdClaim), out var id) ? id : null;

    public bool IsSignedIn => AccountId is not null;

    public bool IsAdmin => http.HttpContext?.User.IsInRole("admin") ?? false;

    public async Task<Account?> AccountAsync(CancellationToken cancellationToken = default)
    {
        if (!_loaded && AccountId is { } id)
        {
            _account = http.HttpContext?.Items[ItemKey] as Account
                ?? await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        }
        _loaded = true;
        return _account;
    }

    private static readonly object ItemKey = new();

    /// <summary>Keeps the account that the session check loaded, so the request does not read it twice.</summary>
    internal static void Remember(HttpContext context, Account account) => context.Items[ItemKey] = account;
}
