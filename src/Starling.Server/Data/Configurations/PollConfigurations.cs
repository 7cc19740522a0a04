using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Starling.Server.Data.Entities;

namespace Starling.Server.Data.Configurations;

internal sealed class PollConfiguration : IEntityTypeConfiguration<Poll>
{
    public void Configure(EntityTypeBuilder<Poll> builder)
    {
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.HasOne<Status>().WithOne(s => s.Poll).HasForeignKey<Poll>(p => p.StatusId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Account>().WithMany().HasForeignKey(p => p.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.StatusId).IsUnique();
    }
}

internal sealed class PollVoteConfiguration : IEntityTypeConfiguration<PollVote>
{
    public void Configure(EntityTypeBuilder<PollVote> builder)
    {
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.HasOne<Poll>().WithMany().HasForeignKey(v => v.PollId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Account>().WithMany().HasForeignKey(v => v.AccountId).OnDelete(DeleteBehavior.Cascade);
        // One row per chosen option: the same choice twice would count a voter twice.
        builder.HasIndex(v => new { v.PollId, v.AccountId, v.Choice }).IsUnique();
    }
}
