using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Starling.Server.Data.Entities;

namespace Starling.Server.Data.Configurations;

internal sealed class FollowConfiguration : IEntityTypeConfiguration<Follow>
{
    public void Configure(EntityTypeBuilder<Follow> builder)
    {
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.HasOne<Account>().WithMany().HasForeignKey(f => f.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Account>().WithMany().HasForeignKey(f => f.TargetAccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(f => new { f.AccountId, f.TargetAccountId }).IsUnique();
        builder.HasIndex(f => new { f.TargetAccountId, f.Id });
        builder.Property(f => f.Uri).HasMaxLength(2048);
        builder.HasIndex(f => f.Uri).IsUnique();
    }
}

internal sealed class FollowRequestConfiguration : IEntityTypeConfiguration<FollowRequest>
{
    public void Configure(EntityTypeBuilder<FollowRequest> builder)
    {
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.HasOne<Account>().WithMany().HasForeignKey(f => f.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Account>().WithMany().HasForeignKey(f => f.TargetAccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(f => new { f.AccountId, f.TargetAccountId }).IsUnique();
        builder.HasIndex(f => new { f.TargetAccountId, f.Id });
        builder.Property(f => f.Uri).HasMaxLength(2048);
        builder.HasIndex(f => f.Uri).IsUnique();
    }
}

internal sealed class BlockConfiguration : IEntityTypeConfiguration<Block>
{
    public void Configure(EntityTypeBuilder<Block> builder)
    {
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.HasOne<Account>().WithMany().HasForeignKey(b => b.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Account>().WithMany().HasForeignKey(b => b.TargetAccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(b => new { b.AccountId, b.TargetAccountId }).IsUnique();
        builder.HasIndex(b => b.TargetAccountId);
        builder.Property(b => b.Uri).HasMaxLength(2048);
        builder.HasIndex(b => b.Uri).IsUnique();
    }
}

internal sealed class MuteConfiguration : IEntityTypeConfiguration<Mute>
{
    public void Configure(EntityTypeBuilder<Mute> builder)
    {
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.HasOne<Account>().WithMany().HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Account>().WithMany().HasForeignKey(m => m.TargetAccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.AccountId, m.TargetAccountId }).IsUnique();
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.HasOne<Account>().WithMany().HasForeignKey(n => n.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(n => n.FromAccount).WithMany().HasForeignKey(n => n.FromAccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(n => n.Status).WithMany().HasForeignKey(n => n.StatusId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(n => new { n.AccountId, n.Id });
        // One notification per cause: re-favouriting or a retried job does not notify twice.
        builder.HasIndex(n => new { n.AccountId, n.FromAccountId, n.Type, n.StatusId }).IsUnique();
    }
}

internal sealed class MarkerConfiguration : IEntityTypeConfiguration<Marker>
{
    public void Configure(EntityTypeBuilder<Marker> builder)
    {
        builder.HasKey(m => new { m.AccountId, m.Timeline });
        builder.Property(m => m.Timeline).HasMaxLength(32);
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.HasOne<Account>().WithMany().HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> builder)
    {
        builder.Property(j => j.Id).ValueGeneratedNever();
        builder.Property(j => j.Type).HasMaxLength(128);
        builder.HasIndex(j => new { j.State, j.RunAt });
    }
}
