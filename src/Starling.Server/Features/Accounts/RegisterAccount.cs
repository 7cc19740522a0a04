using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Infrastructure.Ids;
using Starling.Server.Options;

namespace Starling.Server.Features.Accounts;

public sealed record Registration(string Username, string Email, string Password, string? Reason = null);

/// <summary>Creates a local account and its login, honouring the registration mode unless an admin creates it.</summary>
public sealed class RegisterAccount(
    AppDbContext db,
    IdGenerator ids,
    IPasswordHasher<User> hasher,
    IOptions<StarlingOptions> options,
    TimeProvider time)
{
    private static readonly EmailAddressAttribute EmailFormat = new();

    /// <param name="byAdmin">Created from the command line: skips the registration mode, approved and confirmed at once.</param>
    public async Task<User> RegisterAsync(Registration registration, bool byAdmin = false, bool admin = false, CancellationToken cancellationToken = default)
    {
        var mode = options.Value.Registrations;
        if (!byAdmin && mode == RegistrationMode.Closed)
        {
            throw DomainException.Forbidden("Registrations are closed on this server.");
        }

        var username = registration.Username.Trim();
        var email = registration.Email.Trim();
        Validate(username, email, registration.Password, byAdmin);

        var usernameKey = UsernameRules.Normalize(username);
        var emailKey = email.ToLowerInvariant();
        if (await db.Accounts.AnyAsync(a => a.Domain == null && a.UsernameNormalized == usernameKey, cancellationToken))
        {
            throw new DomainException(DomainErrorKind.Conflict, "That username is already taken.", "username");
        }
        if (await db.Users.AnyAsync(u => u.EmailNormalized == emailKey, cancellationToken))
        {
            throw new DomainException(DomainErrorKind.Conflict, "That email address is already in use.", "email");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var account = new Account
        {
            Id = ids.Next(),
            Username = username,
            UsernameNormalized = usernameKey,
            DisplayName = "",
            CreatedAt = now,
            UpdatedAt = now,
        };
        var user = new User
        {
            Id = ids.Next(),
            Account = account,
            Email = email,
            EmailNormalized = emailKey,
            PasswordHash = "",
            Admin = admin,
            Approved = byAdmin || mode == RegistrationMode.Open,
            // There is no mail delivery yet, so self-service sign-ups are confirmed at once.
            ConfirmedAt = now,
            SignUpReason = string.IsNullOrWhiteSpace(registration.Reason) ? null : registration.Reason.Trim(),
            CreatedAt = now,
        };
        user.PasswordHash = hasher.HashPassword(user, registration.Password);
        account.User = user;
        db.Accounts.Add(account);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Lost a race with a concurrent sign-up of the same name or email.
            throw new DomainException(DomainErrorKind.Conflict, "That username or email address is already taken.", "username");
        }
        return user;
    }

    private static void Validate(string username, string email, string password, bool byAdmin)
    {
        if (username.Length == 0)
        {
            throw DomainException.Invalid("Choose a username.", "username");
        }
        if (!UsernameRules.IsWellFormed(username))
        {
            throw DomainException.Invalid($"A username is 1 to {UsernameRules.MaxLength} letters (a-z), digits and underscores.", "username");
        }
        if (UsernameRules.IsReserved(username, byAdmin))
        {
            throw new DomainException(DomainErrorKind.Conflict, "That username is reserved.", "username");
        }
        if (email.Length is 0 or > 320 || !EmailFormat.IsValid(email) || !email.Contains('.', StringComparison.Ordinal))
        {
            throw DomainException.Invalid("Enter a valid email address, such as name@example.com.", "email");
        }
        if (password.Length < PasswordRules.MinLength)
        {
            throw DomainException.Invalid($"A password needs at least {PasswordRules.MinLength} characters.", "password");
        }
        if (password.Length > PasswordRules.MaxLength)
        {
            throw DomainException.Invalid($"A password may have at most {PasswordRules.MaxLength} characters.", "password");
        }
    }
}
