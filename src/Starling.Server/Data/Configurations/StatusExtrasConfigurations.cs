using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Starling.Server.Data.Entities;

namespace Starling.Server.Data.Configurations;

internal sealed class ConversationMuteConfiguration : IEntityTypeConfiguration<ConversationMute>
{
    public void Configure(EntityTypeBuilder<ConversationMute> builder)
    {
        // The conversation is named by its root's id, which outlives the root itself: no foreign key.
        builder.HasKey(m => new { m.AccountId, m.ConversationId });
        builder.HasOne<Account>().WithMany().HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ScheduledStatusConfiguration : IEntityTypeConfiguration<ScheduledStatus>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<ScheduledStatus> builder)
    {
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.HasOne<Account>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.Params).HasConversion(
            value => JsonSerializer.Serialize(value, Json),
            text => JsonSerializer.Deserialize<ScheduledStatusParams>(text, Json) ?? new ScheduledStatusParams(),
            new ValueComparer<ScheduledStatusParams>(
                (a, b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json),
                value => JsonSerializer.Serialize(value, Json).GetHashCode(StringComparison.Ordinal),
                value => JsonSerializer.Deserialize<ScheduledStatusParams>(JsonSerializer.Serialize(value, Json), Json)!));
        builder.HasIndex(s => new { s.AccountId, s.Id });
        builder.HasIndex(s => new { s.AccountId, s.ScheduledAt });
    }
}

internal sealed class IdempotencyKeyConfiguration : IEntityTypeConfiguration<IdempotencyKey>
{
    public const int MaxKeyLength = 128;

    public void Configure(EntityTypeBuilder<IdempotencyKey> builder)
    {
        builder.HasKey(k => new { k.AccountId, k.Key });
        builder.Property(k => k.Key).HasMaxLength(MaxKeyLength);
        builder.HasOne<Account>().WithMany().HasForeignKey(k => k.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Status>().WithMany().HasForeignKey(k => k.StatusId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ScheduledStatus>().WithMany().HasForeignKey(k => k.ScheduledStatusId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(k => k.StatusId);
        builder.HasIndex(k => k.ScheduledStatusId);
    }
}
