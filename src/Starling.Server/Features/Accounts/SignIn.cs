using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;

namespace Starling.Server.Features.Accounts;

/// <summary>Checks a username-or-email and password; refuses unapproved and suspended users with a reason.</summary>
public sealed class SignIn(AppDbContext db, IPasswordHasher<User> hasher)
{
    private const string BadCredentials = "That username or email and password do not match.";

    public async Task<User> VerifyAsync(string login, string password, CancellationToken cancellationToken = default)
    {
        var key = login.Trim().TrimStart('@').ToLowerInvariant();
        if (key.Length == 0 || password.Length == 0)
        {
            throw DomainException.Invalid(BadCredentials);
        }
        var user = await db.Users.Include(u => u.Account)
            .FirstOrDefaultAsync(u => u.EmailNormalized == key || (u.Account.UsernameNormalized == key && u.Account.Domain == null), cancellationToken);
        if (user is null)
        {
            // Hash anyway so the response time does not reveal which logins exist.
            hasher.HashPassword(new User { Email = "", EmailNormalized = "", PasswordHash = "" }, password);
            throw DomainException.Invalid(BadCredentials);
        }
        var result = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed)
        {
            throw DomainException.Invalid(BadCredentials);
        }
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password);
            await db.SaveChangesAsync(cancellationToken);
        }
        if (user.Account.IsSuspended)
        {
            throw DomainException.Forbidden("This account is suspended.");
        }
        if (!user.Approved)
        {
            throw DomainException.Forbidden("This account is waiting for a moderator's approval.");
        }
        if (user.ConfirmedAt is null)
        {
            throw DomainException.Forbidden("This account's email address is not confirmed yet.");
        }
        return user;
    }
}
