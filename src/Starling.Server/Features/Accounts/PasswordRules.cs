namespace Starling.Server.Features.Accounts;

public static class PasswordRules
{
    public const int MinLength = 8;
    public const int MaxLength = 128;
}
