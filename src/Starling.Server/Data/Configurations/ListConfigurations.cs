using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Starling.Server.Data.Entities;

namespace Starling.Server.Data.Configurations;

internal sealed class UserListConfiguration : IEntityTypeConfiguration<UserList>
{
    public const int MaxTitleLength = 256;

    public void Configure(EntityTypeBuilder<UserList> builder)
    {
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.Title).HasMaxLength(MaxTitleLength);
        builder.HasOne<Account>().WithMany().HasForeignKey(l => l.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(l => new { l.AccountId, l.Id });
    }
}

internal sealed class ListMemberConfiguration : IEntityTypeConfiguration<ListMember>
{
    public void Configure(EntityTypeBuilder<ListMember> builder)
    {
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.HasOne(m => m.List).WithMany().HasForeignKey(m => m.ListId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(m => m.Account).WithMany().HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Cascade);
        // Membership rests on the owner's follow: the database drops it with the follow, however the follow ends.
        builder.HasOne<Follow>().WithMany().HasForeignKey(m => m.FollowId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.ListId, m.AccountId }).IsUnique();
        builder.HasIndex(m => new { m.ListId, m.Id });
        // Home asks "is this author on one of my exclusive lists?" for every entry it reads.
        builder.HasIndex(m => new { m.AccountId, m.ListId });
        builder.HasIndex(m => m.FollowId);
    }
}
