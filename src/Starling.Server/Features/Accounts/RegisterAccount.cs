using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Starling.Server.Data;
using Starling.Server.Data.Entities;
using Starling.Server.Features.Common;
using Starling.Server.Features.Events;
using Starling.Server.Infrastructure.Ids;
using Starling.Server.Options;

namespace Starling.Server.Features.Accounts;

public sealed record Registration(string Username, string Email, string Password, string? Reason = null);

public enum RegistrationProblemKind
{
    Blank,
    Invalid,
    Reserved,
    Taken,
    TooShort,
    TooLong,
}

/// <summary>One thing wrong with a sign-up, tied to its field ("username", "email", "password"), in words for the person.</summary>
public sealed record RegistrationProblem(string Field, RegistrationProblemKind Kind, string Message)
{
    public DomainException ToException() =>
        new(Kind is RegistrationProblemKind.Taken or RegistrationProblemKind.Reserved ? DomainErrorKind.Conflict : DomainErrorKind.Invalid, Message, Field);
}

/// <summary>Creates a local account and its login, honouring the registration mode unless an admin creates it.</summary>
public sealed class RegisterAccount(
    AppDbContext db,
    IdGenerator ids,
    IPasswordHasher<User> hasher,
    IOptions<StarlingOptions> options,
    DomainEventCollector events,
    TimeProvider time)
{
    private static readonly EmailAddressAttribute EmailFormat = new();

    /// <param name="byAdmin">Created from the command line: skips the registration mode, approved and confirmed at once.</param>
    public async Task<User> RegisterAsync(Registration registration, bool byAdmin = false, bool admin = false, CancellationToken cancellationToken = default)
    {
        var problems = await CheckAsync(registration, byAdmin, cancellationToken);
        if (problems.Count > 0)
        {
            throw problems[0].ToException();
        }

        var mode = options.Value.Registrations;
        var username = registration.Username.Trim();
        var email = registration.Email.Trim();
        var now = time.GetUtcNow().UtcDateTime;
        var account = new Account
        {
            Id = ids.Next(),
            Username = username,
            UsernameNormalized = UsernameRules.Normalize(username),
            DisplayName = "",
            CreatedAt = now,
            UpdatedAt = now,
        };
        var user = new User
        {
            Id = ids.Next(),
            Account = account,
            Email = email,
            EmailNormalized = email.ToLowerInvariant(),
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
        events.Raise(new AccountCreated(account));
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

    /// <summary>
    /// Everything wrong with a sign-up, at most one problem per field, in the order username, email, password (an app
    /// shows them all at once); empty when it may go ahead. Refuses outright when registrations are closed.
    /// </summary>
    public async Task<IReadOnlyList<RegistrationProblem>> CheckAsync(Registration registration, bool byAdmin = false, CancellationToken cancellationToken = default)
    {
        if (!byAdmin && options.Value.Registrations == RegistrationMode.Closed)
        {
            throw DomainException.Forbidden("Registrations are closed on this server.");
        }
        var problems = new List<RegistrationProblem>();
        var username = registration.Username.Trim();
        var email = registration.Email.Trim();
        if (UsernameProblem(username, byAdmin) is { } usernameProblem)
        {
            problems.Add(usernameProblem);
        }
        else
        {
            var usernameKey = UsernameRules.Normalize(username);
            if (await db.Accounts.AnyAsync(a => a.Domain == null && a.UsernameNormalized == usernameKey, cancellationToken))
            {
                problems.Add(new("username", RegistrationProblemKind.Taken, "That username is already taken."));
            }
        }
        if (EmailProblem(email) is { } emailProblem)
        {
            problems.Add(emailProblem);
        }
        else
        {
            var emailKey = email.ToLowerInvariant();
            if (await db.Users.AnyAsync(u => u.EmailNormalized == emailKey, cancellationToken))
            {
                problems.Add(new("email", RegistrationProblemKind.Taken, "That email address is already in use."));
            }
        }
        if (PasswordProblem(registration.Password) is { } passwordProblem)
        {
            problems.Add(passwordProblem);
        }
        return problems;
    }

    private static RegistrationProblem? UsernameProblem(string username, bool byAdmin)
    {
        if (username.Length == 0)
        {
            return new("username", RegistrationProblemKind.Blank, "Choose a username.");
        }
        if (username.Length > UsernameRules.MaxLength)
        {
            return new("username", RegistrationProblemKind.TooLong, $"A username is 1 to {UsernameRules.MaxLength} letters (a-z), digits and underscores.");
        }
        if (!UsernameRules.IsWellFormed(username))
        {
            return new("username", RegistrationProblemKind.Invalid, $"A username is 1 to {UsernameRules.MaxLength} letters (a-z), digits and underscores.");
        }
        if (UsernameRules.IsReserved(username, byAdmin))
        {
            return new("username", RegistrationProblemKind.Reserved, "That username is reserved.");
        }
        return null;
    }

    private static RegistrationProblem? EmailProblem(string email)
    {
        if (email.Length == 0)
        {
            return new("email", RegistrationProblemKind.Blank, "Enter your email address.");
        }
        if (email.Length > 320 || !EmailFormat.IsValid(email) || !email.Contains('.', StringComparison.Ordinal))
        {
            return new("email", RegistrationProblemKind.Invalid, "Enter a valid email address, such as name@example.com.");
        }
        return null;
    }

    private static RegistrationProblem? PasswordProblem(string password)
    {
        if (password.Length == 0)
        {
            return new("password", RegistrationProblemKind.Blank, "Choose a password.");
        }
        if (password.Length < PasswordRules.MinLength)
        {
            return new("password", RegistrationProblemKind.TooShort, $"A password needs at least {PasswordRules.MinLength} characters.");
        }
        if (password.Length > PasswordRules.MaxLength)
        {
            return new("password", RegistrationProblemKind.TooLong, $"A password may have at most {PasswordRules.MaxLength} characters.");
        }
        return null;
    }
}
