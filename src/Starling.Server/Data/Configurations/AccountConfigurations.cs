using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Starling.Server.Data.Entities;

namespace Starling.Server.Data.Configurations;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Username).HasMaxLength(255);
        builder.Property(a => a.UsernameNormalized).HasMaxLength(255);
        builder.Property(a => a.Domain).HasMaxLength(255);
        builder.Property(a => a.DisplayName).HasMaxLength(255);
        builder.Property(a => a.Fields).HasConversion(ProfileFieldsConversion.Converter, ProfileFieldsConversion.Comparer).HasDefaultValueSql("'[]'");
        builder.Property(a => a.AlsoKnownAs).HasConversion(StringListConversion.Converter, StringListConversion.Comparer).HasDefaultValueSql("'[]'");
        builder.Property(a => a.Uri).HasMaxLength(2048);
        builder.HasIndex(a => a.Uri).IsUnique();
        // A remote server's followers are delivered to once per shared inbox, found by this index.
        builder.HasIndex(a => a.SharedInboxUrl);
        builder.HasOne<Account>().WithMany().HasForeignKey(a => a.MovedToAccountId).OnDelete(DeleteBehavior.SetNull);
        // Local accounts have no domain; a unique index treats NULLs as distinct, so store local usernames' uniqueness separately.
        builder.HasIndex(a => new { a.UsernameNormalized, a.Domain }).IsUnique();
        builder.HasIndex(a => a.UsernameNormalized).IsUnique().HasFilter("domain IS NULL").HasDatabaseName("ix_accounts_local_username");
        builder.HasOne(a => a.User).WithOne(u => u.Account).HasForeignKey<User>(u => u.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.Property(u => u.Id).ValueGeneratedNever();
        builder.Property(u => u.Email).HasMaxLength(320);
        builder.Property(u => u.EmailNormalized).HasMaxLength(320);
        builder.Property(u => u.DefaultLanguage).HasMaxLength(16);
        builder.HasIndex(u => u.EmailNormalized).IsUnique();
        builder.HasIndex(u => u.AccountId).IsUnique();
    }
}
