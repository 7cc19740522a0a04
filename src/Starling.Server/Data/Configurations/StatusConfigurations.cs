using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Starling.Server.Data.Entities;

namespace Starling.Server.Data.Configurations;

internal sealed class StatusConfiguration : IEntityTypeConfiguration<Status>
{
    public void Configure(EntityTypeBuilder<Status> builder)
    {
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Language).HasMaxLength(16);
        builder.Property(s => s.Uri).HasMaxLength(2048);
        builder.HasIndex(s => s.Uri).IsUnique();
        // A reply that arrives before its parent is linked when the parent arrives.
        builder.HasIndex(s => s.InReplyToUri);
        builder.HasOne(s => s.Account).WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Cascade);
        // Replies outlive a deleted parent (as on Mastodon); boosts go with the boosted status.
        builder.HasOne(s => s.InReplyTo).WithMany().HasForeignKey(s => s.InReplyToId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(s => s.ReblogOf).WithMany().HasForeignKey(s => s.ReblogOfId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Mentions).WithOne().HasForeignKey(m => m.StatusId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Tags).WithOne().HasForeignKey(t => t.StatusId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.AccountId, s.Id });
        builder.HasIndex(s => s.InReplyToId);
        builder.HasIndex(s => new { s.ReblogOfId, s.AccountId });
        builder.HasIndex(s => s.ConversationId);
        // The local timeline walks public originals newest first.
        builder.HasIndex(s => new { s.Visibility, s.Id });
    }
}

internal sealed class StatusEditConfiguration : IEntityTypeConfiguration<StatusEdit>
{
    public void Configure(EntityTypeBuilder<StatusEdit> builder)
    {
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.HasOne<Status>().WithMany().HasForeignKey(e => e.StatusId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.StatusId, e.Id });
    }
}

internal sealed class MentionConfiguration : IEntityTypeConfiguration<Mention>
{
    public void Configure(EntityTypeBuilder<Mention> builder)
    {
        builder.HasKey(m => new { m.StatusId, m.AccountId });
        builder.HasOne(m => m.Account).WithMany().HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.AccountId, m.StatusId });
    }
}

internal sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> builder)
    {
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Name).HasMaxLength(255);
        builder.Property(t => t.DisplayName).HasMaxLength(255);
        builder.HasIndex(t => t.Name).IsUnique();
    }
}

internal sealed class StatusTagConfiguration : IEntityTypeConfiguration<StatusTag>
{
    public void Configure(EntityTypeBuilder<StatusTag> builder)
    {
        builder.HasKey(t => new { t.StatusId, t.TagId });
        builder.HasOne(t => t.Tag).WithMany().HasForeignKey(t => t.TagId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => new { t.TagId, t.StatusId });
    }
}

internal sealed class FavouriteConfiguration : IEntityTypeConfiguration<Favourite>
{
    public void Configure(EntityTypeBuilder<Favourite> builder)
    {
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.HasOne<Account>().WithMany().HasForeignKey(f => f.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Status>().WithMany().HasForeignKey(f => f.StatusId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(f => new { f.AccountId, f.StatusId }).IsUnique();
        builder.HasIndex(f => f.StatusId);
        builder.Property(f => f.Uri).HasMaxLength(2048);
        builder.HasIndex(f => f.Uri).IsUnique();
    }
}

internal sealed class BookmarkConfiguration : IEntityTypeConfiguration<Bookmark>
{
    public void Configure(EntityTypeBuilder<Bookmark> builder)
    {
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.HasOne<Account>().WithMany().HasForeignKey(b => b.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Status>().WithMany().HasForeignKey(b => b.StatusId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(b => new { b.AccountId, b.StatusId }).IsUnique();
    }
}

internal sealed class StatusPinConfiguration : IEntityTypeConfiguration<StatusPin>
{
    public void Configure(EntityTypeBuilder<StatusPin> builder)
    {
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.HasOne<Account>().WithMany().HasForeignKey(p => p.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Status>().WithMany().HasForeignKey(p => p.StatusId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.AccountId, p.StatusId }).IsUnique();
    }
}

internal sealed class HomeFeedEntryConfiguration : IEntityTypeConfiguration<HomeFeedEntry>
{
    public void Configure(EntityTypeBuilder<HomeFeedEntry> builder)
    {
        builder.HasKey(e => new { e.AccountId, e.StatusId });
        builder.HasOne<Account>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Status>().WithMany().HasForeignKey(e => e.StatusId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.AccountId, e.AuthorId });
        builder.HasIndex(e => e.StatusId);
    }
}
