using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Starling.Server.Data.Entities;

namespace Starling.Server.Data.Configurations;

internal sealed class AccountKeyConfiguration : IEntityTypeConfiguration<AccountKey>
{
    public void Configure(EntityTypeBuilder<AccountKey> builder)
    {
        builder.HasKey(k => k.AccountId);
        builder.HasOne<Account>().WithOne().HasForeignKey<AccountKey>(k => k.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(k => k.KeyId).HasMaxLength(2048);
        builder.HasIndex(k => k.KeyId).IsUnique();
    }
}

internal sealed class ServerKeyConfiguration : IEntityTypeConfiguration<ServerKey>
{
    public void Configure(EntityTypeBuilder<ServerKey> builder)
    {
        builder.HasKey(k => k.Name);
        builder.Property(k => k.Name).HasMaxLength(64);
    }
}

internal sealed class OutboxActivityConfiguration : IEntityTypeConfiguration<OutboxActivity>
{
    public void Configure(EntityTypeBuilder<OutboxActivity> builder)
    {
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Uri).HasMaxLength(2048);
        builder.Property(a => a.KeyId).HasMaxLength(2048);
        builder.HasIndex(a => a.StatusId);
    }
}

internal sealed class DeliveryConfiguration : IEntityTypeConfiguration<Delivery>
{
    public void Configure(EntityTypeBuilder<Delivery> builder)
    {
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.InboxUrl).HasMaxLength(2048);
        builder.Property(d => d.Domain).HasMaxLength(255);
        builder.HasOne<OutboxActivity>().WithMany().HasForeignKey(d => d.OutboxActivityId).OnDelete(DeleteBehavior.Cascade);
        // The worker claims due rows in order; the same shape as the job queue's claim.
        builder.HasIndex(d => new { d.State, d.RunAt, d.Id });
        builder.HasIndex(d => d.OutboxActivityId);
        builder.HasIndex(d => d.StatusId);
        builder.HasIndex(d => new { d.Domain, d.State });
    }
}

internal sealed class RemoteInstanceConfiguration : IEntityTypeConfiguration<RemoteInstance>
{
    public void Configure(EntityTypeBuilder<RemoteInstance> builder)
    {
        builder.HasKey(i => i.Domain);
        builder.Property(i => i.Domain).HasMaxLength(255);
    }
}

internal sealed class ReceivedActivityConfiguration : IEntityTypeConfiguration<ReceivedActivity>
{
    public void Configure(EntityTypeBuilder<ReceivedActivity> builder)
    {
        builder.HasKey(a => a.Uri);
        builder.Property(a => a.Uri).HasMaxLength(2048);
        builder.HasIndex(a => a.ReceivedAt);
    }
}

internal sealed class DomainBlockConfiguration : IEntityTypeConfiguration<DomainBlock>
{
    public void Configure(EntityTypeBuilder<DomainBlock> builder)
    {
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.Domain).HasMaxLength(255);
        builder.HasIndex(b => b.Domain).IsUnique();
    }
}

internal sealed class ReportConfiguration : IEntityTypeConfiguration<Report>
{
    public void Configure(EntityTypeBuilder<Report> builder)
    {
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.StatusIds).HasConversion(StringListConversion.Converter, StringListConversion.Comparer).HasDefaultValueSql("'[]'");
        builder.Property(r => r.Uri).HasMaxLength(2048);
        builder.HasIndex(r => r.Uri).IsUnique();
        builder.HasOne<Account>().WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Account>().WithMany().HasForeignKey(r => r.TargetAccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.ResolvedAt, r.Id });
    }
}

internal sealed class TombstoneConfiguration : IEntityTypeConfiguration<Tombstone>
{
    public void Configure(EntityTypeBuilder<Tombstone> builder)
    {
        builder.HasKey(t => t.Uri);
        builder.Property(t => t.Uri).HasMaxLength(2048);
        builder.Property(t => t.FormerType).HasMaxLength(64);
    }
}
