using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Starling.Server.Data.Entities;

namespace Starling.Server.Data.Configurations;

internal sealed class DirectConversationConfiguration : IEntityTypeConfiguration<DirectConversation>
{
    public void Configure(EntityTypeBuilder<DirectConversation> builder)
    {
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.ParticipantIds).HasMaxLength(4000);
        builder.HasOne<Account>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Statuses).WithOne().HasForeignKey(s => s.ConversationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.AccountId, c.ThreadId, c.ParticipantIds }).IsUnique();
    }
}

internal sealed class DirectConversationStatusConfiguration : IEntityTypeConfiguration<DirectConversationStatus>
{
    public void Configure(EntityTypeBuilder<DirectConversationStatus> builder)
    {
        builder.HasKey(s => new { s.ConversationId, s.StatusId });
        builder.HasOne<Status>().WithMany().HasForeignKey(s => s.StatusId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.StatusId);
    }
}
